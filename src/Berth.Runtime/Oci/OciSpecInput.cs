using Berth.Core.Containers;

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
}
