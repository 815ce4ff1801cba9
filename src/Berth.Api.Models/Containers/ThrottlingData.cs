using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

public sealed class ThrottlingData
{
    [JsonPropertyName("periods")]
    public ulong Periods { get; init; }

    [JsonPropertyName("throttled_periods")]
    public ulong ThrottledPeriods { get; init; }

    [JsonPropertyName("throttled_time")]
    public ulong ThrottledTime { get; init; }
}
