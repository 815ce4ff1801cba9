using Berth.Core.Containers;

namespace Berth.Core.Volumes;

/// <summary>
/// A container's storage options at create. <see cref="Mounts"/> uses <see cref="MountSpec"/> with
/// these option keys (all optional): "size" (tmpfs bytes), "mode" (tmpfs octal), "propagation" (bind),
/// "nonrecursive" ("true", bind), "nocopy" ("true", volume), "driver" (volume driver), "opt.&lt;k&gt;"
/// (volume driver option k), "label.&lt;k&gt;" (volume label k), "tmpfs-options" (extra tmpfs flags,
/// comma separated: exec|noexec). Berth.Volumes.MountSpecParser turns a `--mount` CSV
/// into that shape.
/// </summary>
public sealed record MountPlanRequest
{
    public required string ContainerId { get; init; }
    /// <summary>HostConfig.Binds, `-v` strings.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    /// <summary>HostConfig.Mounts, `--mount`.</summary>
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    /// <summary>HostConfig.Tmpfs: path → options ("size=64m,mode=1777").</summary>
    public IReadOnlyDictionary<string, string> Tmpfs { get; init; } = new Dictionary<string, string>();
    /// <summary>HostConfig.VolumesFrom: "container[:ro|:rw]".</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    /// <summary>Config.Volumes of the container merged with the image's: anonymous volume paths.</summary>
    public IReadOnlyList<string> ImageVolumes { get; init; } = [];
    /// <summary>HostConfig.VolumeDriver (for `-v name:/x` volumes); null = local.</summary>
    public string? VolumeDriver { get; init; }
    /// <summary>Looks up another container's persisted mounts for --volumes-from (throws NotFound "No such container: x").</summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<ResolvedMount>>>? ContainerMounts { get; init; }
}
