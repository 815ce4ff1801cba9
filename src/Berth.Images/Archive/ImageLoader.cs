using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Images.Concurrency;
using Berth.Images.IO;
using Berth.Images.Layers;
using Berth.Images.Model;
using Berth.Images.Remove;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// `docker load`: a docker-save archive (manifest.json) or an OCI image layout (index.json), plain
/// or compressed. Each image is stored all-or-nothing through <see cref="ImageWriter"/>: its tags
/// appear only after every layer is unpacked and verified. Blobs the archive brought that end up
/// unused (a failed image, duplicate files) are deleted afterwards.
/// </summary>
internal sealed class ImageLoader(IContentStore content, IImageMetadataStore metadata, ImageWriter writer, BlobJanitor janitor, ImageEvents events)
{
    /// <summary>
    /// Reads the archive under the shared lock (it may take as long as the upload does, and a
    /// concurrent save must not wait for it), then stores the images under the exclusive lock.
    /// </summary>
    public async Task<IReadOnlyList<StoredImage>> LoadAsync(Stream archive, Action<string> progress, AsyncReaderWriterLock storeLock, CancellationToken cancellationToken)
    {
        ArchiveSpool spool;
        await using (await storeLock.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            var (tar, _) = await Compression.DecompressAsync(archive, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                spool = await ArchiveSpool.ReadAsync(tar, content, cancellationToken).ConfigureAwait(false);
            }
        }

        // Clean-up of unused blobs is garbage collection: it must run under the exclusive lock
        // even when the load is cancelled while waiting for it.
        await using (await storeLock.EnterExclusiveAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                IReadOnlyList<LoadCandidate> candidates;
                if (spool.Contains(DockerArchiveReader.ManifestFile))
                {
                    candidates = await DockerArchiveReader.ReadAsync(spool, cancellationToken).ConfigureAwait(false);
                }
                else if (spool.Contains(OciLayoutReader.IndexFile))
                {
                    candidates = await OciLayoutReader.ReadAsync(spool, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    throw EngineException.InvalidArgument("invalid archive: neither manifest.json nor index.json found");
                }

                var loaded = new List<StoredImage>();
                foreach (var candidate in candidates)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    loaded.Add(await LoadOneAsync(spool, candidate, progress, cancellationToken).ConfigureAwait(false));
                }

                return loaded;
            }
            finally
            {
                janitor.DeleteUnreferenced(spool.WrittenBlobs);
            }
        }
    }

    private async Task<StoredImage> LoadOneAsync(ArchiveSpool spool, LoadCandidate candidate, Action<string> progress, CancellationToken cancellationToken)
    {
        var config = await spool.ReadAllAsync(candidate.Config, cancellationToken).ConfigureAwait(false);
        var id = Digest.Compute(config).ToString();
        if (candidate.ConfigDigest is not null && candidate.ConfigDigest != id)
        {
            throw EngineException.InvalidArgument($"invalid archive: config blob {candidate.ConfigDigest} has digest {id}");
        }

        var layers = new List<LayerBlob>(candidate.Layers.Count);
        foreach (var layer in candidate.Layers)
        {
            var digest = await spool.EnsureBlobAsync(layer.File, cancellationToken).ConfigureAwait(false);
            if (layer.Digest is not null && layer.Digest != digest)
            {
                throw EngineException.InvalidArgument($"invalid archive: blob {layer.Digest} has digest {digest}");
            }

            var mediaType = layer.MediaType ?? Compression.LayerMediaType(await spool.DetectCompressionAsync(layer.File, cancellationToken).ConfigureAwait(false));
            layers.Add(new LayerBlob(digest, content.GetSize(digest), mediaType));
        }

        string? manifestDigest = null;
        if (candidate.Manifest is not null)
        {
            manifestDigest = await spool.EnsureBlobAsync(candidate.Manifest, cancellationToken).ConfigureAwait(false);
            if (manifestDigest != candidate.ManifestDigest)
            {
                throw EngineException.InvalidArgument($"invalid archive: manifest blob {candidate.ManifestDigest} has digest {manifestDigest}");
            }
        }

        var previous = candidate.References.Select(r => (Reference: r, Image: ImageCatalog.Load(metadata).ImageOf(r))).ToArray();
        var image = await writer.WriteAsync(config, layers, null, manifestDigest, candidate.References, cancellationToken).ConfigureAwait(false);

        events.Publish("load", image.Id, image.Id);
        foreach (var (reference, old) in previous)
        {
            if (old is not null && old != image.Id)
            {
                progress($"The image {reference} already exists, renaming the old one with ID {old} to empty string");
            }

            progress($"Loaded image: {reference}");
        }

        if (candidate.References.Count == 0)
        {
            progress($"Loaded image ID: {image.Id}");
        }

        return image;
    }
}
