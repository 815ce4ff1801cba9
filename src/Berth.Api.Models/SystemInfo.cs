using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>GET /info (Docker's SystemInfo); the fields the docker CLI prints.</summary>
public sealed class SystemInfo
{
    [JsonPropertyName("ID")] public string Id { get; init; } = "";
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public string Driver { get; init; } = "";
    public IReadOnlyList<IReadOnlyList<string>>? DriverStatus { get; init; }
    public string DockerRootDir { get; init; } = "";
    public PluginsInfo? Plugins { get; init; }
    public bool MemoryLimit { get; init; }
    public bool SwapLimit { get; init; }
    public bool CpuCfsPeriod { get; init; }
    public bool CpuCfsQuota { get; init; }
    [JsonPropertyName("CPUShares")] public bool CpuShares { get; init; }
    [JsonPropertyName("CPUSet")] public bool CpuSet { get; init; }
    public bool PidsLimit { get; init; }
    public bool OomKillDisable { get; init; }
    [JsonPropertyName("IPv4Forwarding")] public bool Ipv4Forwarding { get; init; }
    public bool Debug { get; init; }
    [JsonPropertyName("NFd")] public int NFd { get; init; }
    [JsonPropertyName("NGoroutines")] public int NGoroutines { get; init; }
    public string SystemTime { get; init; } = "";
    public string LoggingDriver { get; init; } = "";
    public string CgroupDriver { get; init; } = "";
    public string CgroupVersion { get; init; } = "";
    [JsonPropertyName("NEventsListener")] public int NEventsListener { get; init; }
    public string KernelVersion { get; init; } = "";
    public string OperatingSystem { get; init; } = "";
    [JsonPropertyName("OSVersion")] public string OsVersion { get; init; } = "";
    [JsonPropertyName("OSType")] public string OsType { get; init; } = "";
    public string Architecture { get; init; } = "";
    [JsonPropertyName("NCPU")] public int NCpu { get; init; }
    public long MemTotal { get; init; }
    public string IndexServerAddress { get; init; } = "";
    public RegistryServiceConfig? RegistryConfig { get; init; }
    public string HttpProxy { get; init; } = "";
    public string HttpsProxy { get; init; } = "";
    public string NoProxy { get; init; } = "";
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Labels { get; init; } = [];
    public bool ExperimentalBuild { get; init; }
    public string ServerVersion { get; init; } = "";
    public IReadOnlyDictionary<string, RuntimeInfo>? Runtimes { get; init; }
    public string DefaultRuntime { get; init; } = "";
    public SwarmInfo? Swarm { get; init; }
    public bool LiveRestoreEnabled { get; init; }
    public string Isolation { get; init; } = "";
    public string InitBinary { get; init; } = "";
    public CommitInfo? ContainerdCommit { get; init; }
    public CommitInfo? RuncCommit { get; init; }
    public CommitInfo? InitCommit { get; init; }
    public IReadOnlyList<string> SecurityOptions { get; init; } = [];
    [JsonPropertyName("CDISpecDirs")] public IReadOnlyList<string> CdiSpecDirs { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
