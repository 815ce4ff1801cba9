using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

public sealed class PidsStats
{
    [JsonPropertyName("current")]
    public ulong? Current { get; init; }

    [JsonPropertyName("limit")]
    public ulong? Limit { get; init; }
}
