namespace Berth.Api.Models.Volumes;

/// <summary>`POST /volumes/prune`. VolumesDeleted is null when nothing was removed, as dockerd sends it.</summary>
public sealed class VolumePruneResponse
{
    public IReadOnlyList<string>? VolumesDeleted { get; init; }
    public long SpaceReclaimed { get; init; }
}
