using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

public sealed class CpuUsage
{
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; init; }

    [JsonPropertyName("percpu_usage")]
    public IReadOnlyList<ulong>? PerCpuUsage { get; init; }

    [JsonPropertyName("usage_in_kernelmode")]
    public ulong UsageInKernelmode { get; init; }

    [JsonPropertyName("usage_in_usermode")]
    public ulong UsageInUsermode { get; init; }
}
