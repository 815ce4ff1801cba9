namespace Berth.Core.Volumes;

/// <summary>`POST /volumes/prune` result: removed names and the bytes they held.</summary>
public sealed record VolumePruneReport(IReadOnlyList<string> VolumesDeleted, long SpaceReclaimed);
