using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// The one place a new image becomes visible: layers are unpacked and verified against the
/// config's diff IDs, the config blob is stored, and only then the image row and its references are
/// written in one metadata transaction. Any failure rolls back what this call created.
/// </summary>
internal sealed class ImageWriter(IContentStore content, ISnapshotter snapshots, IImageMetadataStore metadata, LayerUnpacker unpacker)
{
    public async Task<StoredImage> WriteAsync(
        ReadOnlyMemory<byte> configBytes,
        IReadOnlyList<LayerBlob> layers,
        string? parent,
        string? manifestDigest,
        IReadOnlyList<string> references,
        CancellationToken cancellationToken)
    {
        var config = ImageConfig.Parse(configBytes);
        var diffIds = config.DiffIds;
        if (layers.Count != diffIds.Count)
        {
            throw EngineException.InvalidArgument($"invalid manifest, layers length mismatch: expected {layers.Count}, got {diffIds.Count}");
        }

        foreach (var diffId in diffIds)
        {
            if (!Digest.IsValid(diffId))
            {
                throw EngineException.InvalidArgument($"invalid diff ID \"{diffId}\" in image config");
            }
        }

        var id = Digest.Compute(configBytes.Span).ToString();
        var configExisted = content.Exists(id);
        var created = new List<string>();
        try
        {
            await unpacker.UnpackAsync(diffIds, layers.Select(l => l.Digest).ToArray(), created, cancellationToken).ConfigureAwait(false);
            await content.WriteAsync(configBytes, cancellationToken).ConfigureAwait(false);

            var existing = metadata.Get(id);
            var chain = ChainId.Compute(diffIds);
            var image = existing ?? new StoredImage(
                id,
                diffIds,
                chain,
                config.Created,
                chain.Sum(snapshots.GetLayerSize),
                parent,
                layers,
                manifestDigest);
            metadata.PutImage(image, references);
            return image;
        }
        catch
        {
            unpacker.Rollback(created);
            if (!configExisted && metadata.Get(id) is null)
            {
                content.Delete(id);
            }

            throw;
        }
    }
}
