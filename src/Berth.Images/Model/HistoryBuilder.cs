using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Core.Snapshots;

namespace Berth.Images.Model;

/// <summary>
/// Docker's ImageHistory: newest first, one row per config history entry; non-empty entries take the
/// size of their layer in order. The top row carries the image ID and tags, further rows the IDs of
/// the local parent chain (commit/build), the rest "&lt;missing&gt;".
/// </summary>
internal sealed class HistoryBuilder(ISnapshotter snapshots, ImageDetailsFactory details)
{
    public async Task<IReadOnlyList<ImageHistoryEntry>> BuildAsync(StoredImage image, ImageCatalog catalog, CancellationToken cancellationToken)
    {
        var config = await details.ReadConfigAsync(image.Id, cancellationToken).ConfigureAwait(false);
        var rows = new List<(DateTimeOffset Created, string CreatedBy, string Comment, long Size)>();
        var layer = 0;
        foreach (var item in config.History)
        {
            long size = 0;
            if (!item.EmptyLayer)
            {
                if (layer >= image.ChainIds.Count)
                {
                    throw EngineException.Internal("too many non-empty layers in History section");
                }

                var chainId = image.ChainIds[layer++];
                size = snapshots.Exists(chainId) ? snapshots.GetLayerSize(chainId) : 0;
            }

            rows.Add((item.Created ?? DateTimeOffset.UnixEpoch, item.CreatedBy, item.Comment, size));
        }

        rows.Reverse();
        var result = new List<ImageHistoryEntry>(rows.Count);
        StoredImage? current = image;
        foreach (var row in rows)
        {
            var id = current?.Id ?? "<missing>";
            var tags = current is null ? [] : catalog.TagsOf(current.Id);
            result.Add(new ImageHistoryEntry(id, row.Created, row.CreatedBy, tags, row.Size, row.Comment));
            current = current?.Parent is { } parent ? catalog.Find(parent) : null;
        }

        return result;
    }
}
