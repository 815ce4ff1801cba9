namespace Berth.Core.Build;

/// <summary>`POST /build/prune` answer: the removed cache keys and the layer bytes freed.</summary>
public sealed record BuildCachePruneResult(IReadOnlyList<string> CachesDeleted, long SpaceReclaimed);
