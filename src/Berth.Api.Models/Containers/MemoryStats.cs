using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

public sealed class MemoryStats
{
    [JsonPropertyName("usage")]
    public ulong? Usage { get; init; }

    [JsonPropertyName("stats")]
    public IReadOnlyDictionary<string, ulong>? Stats { get; init; }

    [JsonPropertyName("limit")]
    public ulong? Limit { get; init; }
}
