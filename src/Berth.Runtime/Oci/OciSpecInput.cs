using Berth.Core.Containers;
using Berth.Core.Volumes;

namespace Berth.Runtime.Oci;

/// <summary>Everything the OCI config.json is generated from, resolved beforehand (user, limits, paths).</summary>
internal sealed record OciSpecInput
{
    public required ContainerSpec Config { get; init; }
    public required IReadOnlyList<string> ProcessArgs { get; init; }
    public required string Hostname { get; init; }
    public required ExecUser User { get; init; }
    public required IReadOnlyList<string> Env { get; init; }
    public required string WorkingDir { get; init; }
    public required string RootfsPath { get; init; }
    public required string HostnamePath { get; init; }
    public required string HostsPath { get; init; }
    public required string ResolvConfPath { get; init; }
    public required string CgroupsPath { get; init; }
    public bool CgroupV2 { get; init; }
    /// <summary>Host path of the init binary bind-mounted at /sbin/docker-init, when --init is used.</summary>
    public string? InitPath { get; init; }
    public IReadOnlyList<OciRlimit> Rlimits { get; init; } = [];
    /// <summary>Join this network namespace (the container's own netns, or another container's); null = a new empty one.</summary>
    public string? NetworkNamespacePath { get; init; }
    /// <summary>Share the host's network namespace (host mode, or joining a host-mode container).</summary>
    public bool HostNetwork { get; init; }
    /// <summary>Volume, bind and tmpfs mounts from the mount planner; each replaces a default mount with the same destination.</summary>
    public IReadOnlyList<OciMount> ExtraMounts { get; init; } = [];
    /// <summary>linux.rootfsPropagation when a mount needs it ("rshared"/"rslave").</summary>
    public string? RootfsPropagation { get; init; }
}
