namespace Berth.Core.Volumes;

/// <summary>
/// What <see cref="IMountPlanner.PrepareAsync"/> hands the runtime at start.
/// <see cref="OciMounts"/> go into config.json after the default mounts (a default mount with the same
/// destination, e.g. /dev/shm, must be dropped), in this order (parents before children).
/// <see cref="RootfsPropagation"/> is linux.rootfsPropagation when a mount needs it ("rshared" or
/// "rslave"), else null. <see cref="Mounts"/> is the container's mount list to persist again
/// (<see cref="ResolvedMount.CopyData"/> cleared after the copy-up).
/// </summary>
public sealed record PreparedMounts(IReadOnlyList<OciMount> OciMounts, string? RootfsPropagation, IReadOnlyList<ResolvedMount> Mounts);
