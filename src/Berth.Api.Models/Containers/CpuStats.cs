using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

public sealed class CpuStats
{
    [JsonPropertyName("cpu_usage")]
    public CpuUsage CpuUsage { get; init; } = new();

    [JsonPropertyName("system_cpu_usage")]
    public ulong? SystemCpuUsage { get; init; }

    [JsonPropertyName("online_cpus")]
    public int? OnlineCpus { get; init; }

    [JsonPropertyName("throttling_data")]
    public ThrottlingData ThrottlingData { get; init; } = new();
}
