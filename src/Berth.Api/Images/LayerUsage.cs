using Berth.Core.Images;
using Berth.Core.Snapshots;

namespace Berth.Api.Images;

/// <summary>
/// Layer sizes for `system df`: each unpacked layer counted once, and per image the bytes it
/// shares with other images. Without a snapshotter, image sizes are all there is to go on.
/// </summary>
internal sealed class LayerUsage
{
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _chains = new(StringComparer.Ordinal);

    public LayerUsage(ISnapshotter? snapshotter, IReadOnlyList<ImageDetails> images)
    {
        if (snapshotter is null)
        {
            TotalSize = images.Sum(i => i.Size);
            return;
        }

        foreach (var image in images)
        {
            var chain = Berth.Oci.ChainId.Compute(image.DiffIds);
            _chains[image.Id] = chain;
            foreach (var id in chain.Distinct())
            {
                _users[id] = _users.GetValueOrDefault(id) + 1;
                if (!_sizes.ContainsKey(id))
                {
                    _sizes[id] = snapshotter.Exists(id) ? snapshotter.GetLayerSize(id) : 0;
                }
            }
        }

        TotalSize = _sizes.Values.Sum();
    }

    public long TotalSize { get; }

    public long SharedSize(ImageDetails image) =>
        _chains.TryGetValue(image.Id, out var chain)
            ? chain.Distinct().Where(id => _users[id] > 1).Sum(id => _sizes[id])
            : -1;
}
