using Berth.Api.Models.Containers;
using Domain = Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>The create spec → inspect's HostConfig, with the defaults dockerd fills in.</summary>
internal static class HostConfigProjection
{
    private const long DefaultShmSize = 64L * 1024 * 1024;

    // Docker's default masked and read-only paths for an unprivileged container (oci/defaults.go).
    private static readonly string[] MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static HostConfig From(Domain.ContainerSpec spec, bool cgroupV2) => new()
    {
        Binds = spec.Binds.Count == 0 ? null : spec.Binds,
        ContainerIDFile = "",
        LogConfig = new LogConfig { Type = spec.LogConfig.Type, Config = spec.LogConfig.Config },
        NetworkMode = NetworkMode(spec.NetworkMode),
        PortBindings = spec.PortBindings
            .GroupBy(p => p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + (string.IsNullOrEmpty(p.Protocol) ? "tcp" : p.Protocol))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PortBinding>?)g.Select(p => new PortBinding { HostIp = p.HostIp, HostPort = p.HostPort }).ToArray()),
        PublishAllPorts = spec.PublishAllPorts,
        VolumesFrom = spec.VolumesFrom.Count == 0 ? null : spec.VolumesFrom,
        VolumeDriver = spec.VolumeDriver ?? "",
        RestartPolicy = new RestartPolicy { Name = spec.RestartPolicy.Name, MaximumRetryCount = spec.RestartPolicy.MaximumRetryCount },
        AutoRemove = spec.AutoRemove,
        ConsoleSize = [0, 0],
        CapAdd = spec.CapAdd.Count == 0 ? null : spec.CapAdd,
        CapDrop = spec.CapDrop.Count == 0 ? null : spec.CapDrop,
        CgroupnsMode = cgroupV2 ? "private" : "host",
        Dns = spec.Dns,
        DnsOptions = spec.DnsOptions,
        DnsSearch = spec.DnsSearch,
        ExtraHosts = spec.ExtraHosts.Count == 0 ? null : spec.ExtraHosts,
        IpcMode = "private",
        Privileged = spec.Privileged,
        ReadonlyRootfs = spec.ReadonlyRootfs,
        Tmpfs = spec.Tmpfs.Count == 0 ? null : spec.Tmpfs,
        ShmSize = spec.ShmSize is > 0 and var size ? size : DefaultShmSize,
        Runtime = "runc",
        Memory = spec.Memory,
        NanoCpus = spec.NanoCpus,
        BlkioWeightDevice = [],
        BlkioDeviceReadBps = [],
        BlkioDeviceWriteBps = [],
        BlkioDeviceReadIOps = [],
        BlkioDeviceWriteIOps = [],
        Devices = [],
        OomKillDisable = cgroupV2 ? null : false,
        Init = spec.Init,
        PidsLimit = spec.PidsLimit is > 0 ? spec.PidsLimit : null,
        Ulimits = spec.Ulimits.Select(u => new Ulimit { Name = u.Name, Soft = u.Soft, Hard = u.Hard }).ToArray(),
        MaskedPaths = spec.Privileged ? null : MaskedPaths,
        ReadonlyPaths = spec.Privileged ? null : ReadonlyPaths,
        Mounts = spec.Mounts.Count == 0 ? null : spec.Mounts.Select(ToWire).ToArray(),
    };

    /// <summary>dockerd resolves "default" to the daemon's default network, "bridge".</summary>
    public static string NetworkMode(string mode) => mode is "" or "default" ? "bridge" : mode;

    private static Mount ToWire(Domain.MountSpec mount) => new()
    {
        Type = mount.Type,
        Source = mount.Source,
        Target = mount.Target,
        ReadOnly = mount.ReadOnly,
    };
}
