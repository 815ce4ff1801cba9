using System.Text.Json;
using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Images.Layers;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// `docker save` in Docker 25+'s layout, which Docker 20.10+ and OCI tools all read: oci-layout,
/// index.json (one manifest per tag, annotated with its name), blobs/sha256/ holding configs,
/// manifests and uncompressed layer tars (so a layer's blob digest is its diff ID), manifest.json and
/// repositories. Layers stored compressed are decompressed on the fly and checked against the diff ID.
/// </summary>
internal sealed class ImageSaver(IContentStore content, LayerUnpacker unpacker, ImageEvents events)
{
    public async Task SaveAsync(IReadOnlyList<(StoredImage Image, List<string> Tags)> selection, Stream output, CancellationToken cancellationToken)
    {
        var tar = new TarOutput(output);
        await tar.WriteDirectoryAsync("blobs", cancellationToken).ConfigureAwait(false);
        await tar.WriteDirectoryAsync("blobs/sha256", cancellationToken).ConfigureAwait(false);

        var written = new HashSet<string>(StringComparer.Ordinal);
        var indexEntries = new List<(string Digest, long Size, string? Tag)>();
        var manifestItems = new List<(string Config, List<string> Tags, List<string> Layers)>();
        var repositories = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);

        foreach (var (image, tags) in selection)
        {
            var config = await ReadBlobAsync(image.Id, cancellationToken).ConfigureAwait(false);
            await WriteBlobAsync(tar, written, image.Id, config, cancellationToken).ConfigureAwait(false);

            var layerSizes = new List<long>();
            for (var i = 0; i < image.DiffIds.Count; i++)
            {
                layerSizes.Add(await WriteLayerAsync(tar, written, image, i, cancellationToken).ConfigureAwait(false));
            }

            var manifest = ManifestJson(image, config.Length, layerSizes);
            var manifestDigest = Digest.Compute(manifest).ToString();
            await WriteBlobAsync(tar, written, manifestDigest, manifest, cancellationToken).ConfigureAwait(false);

            if (tags.Count == 0)
            {
                indexEntries.Add((manifestDigest, manifest.Length, null));
            }

            foreach (var tag in tags)
            {
                indexEntries.Add((manifestDigest, manifest.Length, tag));
                if (image.DiffIds.Count > 0)
                {
                    var repository = ReferenceKey.Repository(tag);
                    if (!repositories.TryGetValue(repository, out var byTag))
                    {
                        repositories[repository] = byTag = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    }

                    byTag[ReferenceKey.Tag(tag)!] = Digest.Parse(image.DiffIds[^1]).Hex;
                }
            }

            manifestItems.Add((BlobPath(image.Id), tags, image.DiffIds.Select(BlobPath).ToList()));
            events.Publish("save", image.Id, image.Id);
        }

        await tar.WriteFileAsync("index.json", IndexJson(indexEntries), cancellationToken).ConfigureAwait(false);
        await tar.WriteFileAsync("manifest.json", ManifestListJson(manifestItems), cancellationToken).ConfigureAwait(false);
        await tar.WriteFileAsync("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        if (repositories.Count > 0)
        {
            await tar.WriteFileAsync("repositories", RepositoriesJson(repositories), cancellationToken).ConfigureAwait(false);
        }

        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes layer <paramref name="i"/> as an uncompressed tar named by its diff ID; returns its size.</summary>
    private async Task<long> WriteLayerAsync(TarOutput tar, HashSet<string> written, StoredImage image, int i, CancellationToken cancellationToken)
    {
        var diffId = image.DiffIds[i];
        if (image.LayerBlobs.Count != image.DiffIds.Count)
        {
            throw EngineException.Internal($"image {image.Id} has no stored blob for layer {i}");
        }

        var blob = image.LayerBlobs[i].Digest;
        if (blob == diffId)
        {
            var size = content.GetSize(blob);
            if (written.Add(diffId))
            {
                await using var raw = content.OpenRead(blob);
                await tar.WriteFileAsync(BlobPath(diffId), size, raw, cancellationToken).ConfigureAwait(false);
            }

            return size;
        }

        // A compressed blob: one pass to learn the size (and prove the diff ID), one to copy.
        var (actual, uncompressedSize) = await unpacker.DiffIdOfAsync(blob, cancellationToken).ConfigureAwait(false);
        if (actual != diffId)
        {
            throw EngineException.Internal($"layer blob {blob} decompresses to {actual}, expected diff ID {diffId}");
        }

        if (written.Add(diffId))
        {
            await using var uncompressed = await unpacker.OpenUncompressedAsync(blob, cancellationToken).ConfigureAwait(false);
            await tar.WriteFileAsync(BlobPath(diffId), uncompressedSize, uncompressed, cancellationToken).ConfigureAwait(false);
        }

        return uncompressedSize;
    }

    private static async Task WriteBlobAsync(TarOutput tar, HashSet<string> written, string digest, byte[] data, CancellationToken cancellationToken)
    {
        if (written.Add(digest))
        {
            await tar.WriteFileAsync(BlobPath(digest), data, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadBlobAsync(string digest, CancellationToken cancellationToken)
    {
        await using var stream = content.OpenRead(digest);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static string BlobPath(string digest) => "blobs/sha256/" + Digest.Parse(digest).Hex;

    private static byte[] ManifestJson(StoredImage image, long configSize, IReadOnlyList<long> layerSizes) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaTypes.OciManifest);
        w.WriteStartObject("config");
        w.WriteString("mediaType", MediaTypes.OciConfig);
        w.WriteString("digest", image.Id);
        w.WriteNumber("size", configSize);
        w.WriteEndObject();
        w.WriteStartArray("layers");
        for (var i = 0; i < image.DiffIds.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("mediaType", MediaTypes.OciLayerTar);
            w.WriteString("digest", image.DiffIds[i]);
            w.WriteNumber("size", layerSizes[i]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] IndexJson(IReadOnlyList<(string Digest, long Size, string? Tag)> entries) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaTypes.OciIndex);
        w.WriteStartArray("manifests");
        foreach (var (digest, size, tag) in entries)
        {
            w.WriteStartObject();
            w.WriteString("mediaType", MediaTypes.OciManifest);
            w.WriteString("digest", digest);
            w.WriteNumber("size", size);
            if (tag is not null)
            {
                w.WriteStartObject("annotations");
                w.WriteString("io.containerd.image.name", ImageReference.ParseNormalized(tag).ToString());
                w.WriteString("org.opencontainers.image.ref.name", ReferenceKey.Tag(tag));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] ManifestListJson(IReadOnlyList<(string Config, List<string> Tags, List<string> Layers)> items) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var (config, tags, layers) in items)
        {
            w.WriteStartObject();
            w.WriteString("Config", config);
            w.WritePropertyName("RepoTags");
            if (tags.Count == 0)
            {
                w.WriteNullValue();
            }
            else
            {
                WriteStrings(w, tags);
            }

            w.WritePropertyName("Layers");
            WriteStrings(w, layers);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }, newline: true);

    private static byte[] RepositoriesJson(SortedDictionary<string, SortedDictionary<string, string>> repositories) => Json(w =>
    {
        w.WriteStartObject();
        foreach (var (repository, tags) in repositories)
        {
            w.WriteStartObject(repository);
            foreach (var (tag, layer) in tags)
            {
                w.WriteString(tag, layer);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }, newline: true);

    private static void WriteStrings(Utf8JsonWriter w, IEnumerable<string> values)
    {
        w.WriteStartArray();
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>Compact JSON; Go's json.Encoder (manifest.json, repositories) ends with a newline.</summary>
    private static byte[] Json(Action<Utf8JsonWriter> write, bool newline = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        if (newline)
        {
            buffer.Write("\n"u8);
        }

        return buffer.ToArray();
    }
}
