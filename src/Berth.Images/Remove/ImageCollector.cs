using Berth.Core.Content;
using Berth.Core.Images;
using Berth.Core.Snapshots;

namespace Berth.Images.Remove;

/// <summary>
/// Deletes an image row and then the snapshots and blobs that no remaining image uses. Layers of an
/// image that containers still use are kept: their overlays stack on them.
/// </summary>
internal sealed class ImageCollector(IContentStore content, ISnapshotter snapshots, IImageMetadataStore metadata, IImageUsage usage)
{
    /// <summary>Returns the chain IDs of removed snapshots and the bytes they took.</summary>
    public (IReadOnlyList<string> RemovedLayers, long Reclaimed) Delete(StoredImage image)
    {
        metadata.DeleteImage(image.Id);
        var remaining = metadata.List();

        var removed = new List<string>();
        long reclaimed = 0;
        if (usage.ContainersUsing(image.Id).Count == 0)
        {
            var usedChains = remaining.SelectMany(i => i.ChainIds).ToHashSet(StringComparer.Ordinal);
            for (var i = image.ChainIds.Count - 1; i >= 0; i--)
            {
                var chainId = image.ChainIds[i];
                if (usedChains.Contains(chainId) || !snapshots.Exists(chainId))
                {
                    continue;
                }

                reclaimed += snapshots.GetLayerSize(chainId);
                snapshots.Remove(chainId);
                removed.Add(chainId);
            }
        }

        var usedBlobs = remaining.SelectMany(BlobsOf).ToHashSet(StringComparer.Ordinal);
        foreach (var blob in BlobsOf(image))
        {
            if (!usedBlobs.Contains(blob))
            {
                content.Delete(blob);
            }
        }

        return (removed, reclaimed);
    }

    public static IEnumerable<string> BlobsOf(StoredImage image)
    {
        yield return image.Id;
        foreach (var layer in image.LayerBlobs)
        {
            yield return layer.Digest;
        }

        if (image.ManifestDigest is not null)
        {
            yield return image.ManifestDigest;
        }
    }
}
