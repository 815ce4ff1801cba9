using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

/// <summary>GET /containers/{id}/stats: one sample with the previous one as precpu_stats.</summary>
public sealed class ContainerStatsResponse
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("read")]
    public string Read { get; init; } = "";

    [JsonPropertyName("preread")]
    public string PreRead { get; init; } = "";

    [JsonPropertyName("pids_stats")]
    public PidsStats PidsStats { get; init; } = new();

    [JsonPropertyName("blkio_stats")]
    public BlkioStats BlkioStats { get; init; } = new();

    [JsonPropertyName("num_procs")]
    public int NumProcs { get; init; }

    [JsonPropertyName("storage_stats")]
    public EmptyObject StorageStats { get; init; } = EmptyObject.Instance;

    [JsonPropertyName("cpu_stats")]
    public CpuStats CpuStats { get; init; } = new();

    [JsonPropertyName("precpu_stats")]
    public CpuStats PreCpuStats { get; init; } = new();

    [JsonPropertyName("memory_stats")]
    public MemoryStats MemoryStats { get; init; } = new();

    /// <summary>Per interface; omitted for containers without a network namespace of their own (host, none), as dockerd does.</summary>
    [JsonPropertyName("networks")]
    public IReadOnlyDictionary<string, NetworkStats>? Networks { get; init; }
}
