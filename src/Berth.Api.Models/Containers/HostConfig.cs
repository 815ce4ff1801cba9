using System.Text.Json;

namespace Berth.Api.Models.Containers;

/// <summary>
/// Docker's HostConfig, in full so inspect shows every field Docker shows. Settings Berth does not
/// act on (devices, blkio throttles, ...) are kept raw so any valid request still parses.
/// </summary>
public sealed class HostConfig
{
    public long CpuShares { get; init; }
    public long Memory { get; init; }
    public string CgroupParent { get; init; } = "";
    public int BlkioWeight { get; init; }
    public IReadOnlyList<JsonElement>? BlkioWeightDevice { get; init; }
    public IReadOnlyList<JsonElement>? BlkioDeviceReadBps { get; init; }
    public IReadOnlyList<JsonElement>? BlkioDeviceWriteBps { get; init; }
    public IReadOnlyList<JsonElement>? BlkioDeviceReadIOps { get; init; }
    public IReadOnlyList<JsonElement>? BlkioDeviceWriteIOps { get; init; }
    public long CpuPeriod { get; init; }
    public long CpuQuota { get; init; }
    public long CpuRealtimePeriod { get; init; }
    public long CpuRealtimeRuntime { get; init; }
    public string CpusetCpus { get; init; } = "";
    public string CpusetMems { get; init; } = "";
    public IReadOnlyList<JsonElement>? Devices { get; init; }
    public IReadOnlyList<string>? DeviceCgroupRules { get; init; }
    public IReadOnlyList<JsonElement>? DeviceRequests { get; init; }
    public long MemoryReservation { get; init; }
    public long MemorySwap { get; init; }
    public long? MemorySwappiness { get; init; }
    public long NanoCpus { get; init; }
    public bool? OomKillDisable { get; init; }
    public bool? Init { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<Ulimit>? Ulimits { get; init; }
    public long CpuCount { get; init; }
    public long CpuPercent { get; init; }
    public long IOMaximumIOps { get; init; }
    public long IOMaximumBandwidth { get; init; }
    public IReadOnlyList<string>? Binds { get; init; }
    public string ContainerIDFile { get; init; } = "";
    public LogConfig? LogConfig { get; init; }
    public string NetworkMode { get; init; } = "";
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? PortBindings { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
    public bool AutoRemove { get; init; }
    public string VolumeDriver { get; init; } = "";
    public IReadOnlyList<string>? VolumesFrom { get; init; }
    public IReadOnlyList<long>? ConsoleSize { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public string CgroupnsMode { get; init; } = "";
    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? DnsOptions { get; init; }
    public IReadOnlyList<string>? DnsSearch { get; init; }
    public IReadOnlyList<string>? ExtraHosts { get; init; }
    public IReadOnlyList<string>? GroupAdd { get; init; }
    public string IpcMode { get; init; } = "";
    public string Cgroup { get; init; } = "";
    public IReadOnlyList<string>? Links { get; init; }
    public int OomScoreAdj { get; init; }
    public string PidMode { get; init; } = "";
    public bool Privileged { get; init; }
    public bool PublishAllPorts { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    public IReadOnlyDictionary<string, string>? StorageOpt { get; init; }
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }
    public string UTSMode { get; init; } = "";
    public string UsernsMode { get; init; } = "";
    public long ShmSize { get; init; }
    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }
    public string Runtime { get; init; } = "";
    public string Isolation { get; init; } = "";
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    public IReadOnlyList<Mount>? Mounts { get; init; }
}
