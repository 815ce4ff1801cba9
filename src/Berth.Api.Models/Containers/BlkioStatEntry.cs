using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

public sealed class BlkioStatEntry
{
    [JsonPropertyName("major")]
    public ulong Major { get; init; }

    [JsonPropertyName("minor")]
    public ulong Minor { get; init; }

    [JsonPropertyName("op")]
    public string Op { get; init; } = "";

    [JsonPropertyName("value")]
    public ulong Value { get; init; }
}
