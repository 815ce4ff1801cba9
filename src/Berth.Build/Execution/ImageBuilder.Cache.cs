using Berth.Core.Build;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

public sealed partial class ImageBuilder
{
    public Task<IReadOnlyList<BuildCacheEntry>> ListCacheAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_services.Cache.List());

    /// <summary>
    /// Without <paramref name="all"/> only dangling entries go (their image is gone, or no tagged
    /// image builds on it); with it every entry. The intermediate images of removed entries are
    /// deleted when nothing else needs them (untagged, no children, no containers), newest first so
    /// a chain unwinds in one pass.
    /// </summary>
    public async Task<BuildCachePruneResult> PruneCacheAsync(bool all, CancellationToken cancellationToken)
    {
        var images = await _services.Images.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), all: true, cancellationToken).ConfigureAwait(false);
        var byId = images.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tagged in images.Where(i => i.RepoTags.Count > 0))
        {
            for (var image = tagged; image is not null && kept.Add(image.Id); image = byId.GetValueOrDefault(image.Parent))
            {
            }
        }

        var entries = _services.Cache.List();
        var doomed = entries.Where(e => all || !byId.ContainsKey(e.ImageId) || !kept.Contains(e.ImageId)).ToList();
        _services.Cache.Remove([.. doomed.Select(e => e.Key)]);

        long reclaimed = 0;
        var stillCached = _services.Cache.List().Select(e => e.ImageId).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in doomed.OrderByDescending(e => e.Created))
        {
            if (stillCached.Contains(entry.ImageId) || !byId.TryGetValue(entry.ImageId, out var image) || image.RepoTags.Count > 0)
            {
                continue;
            }

            try
            {
                await _services.Images.RemoveAsync(entry.ImageId, force: false, noPrune: true, cancellationToken).ConfigureAwait(false);
                reclaimed += entry.Size;
            }
            catch (EngineException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
            {
                // A child image or a container still uses it: the image stays, only the cache entry went.
            }
        }

        return new BuildCachePruneResult([.. doomed.Select(e => e.Key)], reclaimed);
    }
}
