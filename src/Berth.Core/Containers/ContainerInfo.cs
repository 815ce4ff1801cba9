using Berth.Core.Networks;
using Berth.Core.Volumes;

namespace Berth.Core.Containers;

/// <summary>
/// One container as `inspect` and `ps` need it. <see cref="Name"/> carries Docker's leading slash
/// ("/web"). <see cref="Path"/>/<see cref="Args"/> are the resolved entrypoint+cmd; <see cref="Config"/>
/// is the spec merged with the image config (what Docker shows as Config).
/// </summary>
public sealed record ContainerInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required string Path { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required ContainerState State { get; init; }
    /// <summary>Image ID ("sha256:...").</summary>
    public required string Image { get; init; }
    /// <summary>The image as given at create ("busybox", "busybox:latest", an ID...).</summary>
    public required string ImageName { get; init; }
    /// <summary>The create request as given.</summary>
    public required ContainerSpec Spec { get; init; }
    /// <summary>Effective configuration: spec merged with the image's config.</summary>
    public required ContainerSpec Config { get; init; }
    public int RestartCount { get; init; }
    public required string LogPath { get; init; }
    public required string ResolvConfPath { get; init; }
    public required string HostnamePath { get; init; }
    public required string HostsPath { get; init; }
    /// <summary>The overlay upper/work/merged dirs (Docker's GraphDriver.Data).</summary>
    public required IReadOnlyDictionary<string, string> GraphDriverData { get; init; }
    public string Driver { get; init; } = "overlay2";
    public string Platform { get; init; } = "linux";
    /// <summary>Bytes in the writable layer, only when asked for (size=true).</summary>
    public long? SizeRw { get; init; }
    public long? SizeRootFs { get; init; }
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    /// <summary>The planned mounts (inspect's Mounts lists those with <see cref="ResolvedMount.Inspectable"/>).</summary>
    public IReadOnlyList<ResolvedMount> MountPoints { get; init; } = [];
    /// <summary>The networks in the order they are joined (the first one owns the default route and the published ports).</summary>
    public IReadOnlyList<ContainerNetwork> Networks { get; init; } = [];
    /// <summary>The network namespace path while running ("" otherwise, and for host mode).</summary>
    public string SandboxKey { get; init; } = "";
    public string SandboxId { get; init; } = "";
    /// <summary>Host ports actually bound while running (random ones resolved).</summary>
    public IReadOnlyList<PortBinding> PublishedPorts { get; init; } = [];
}
