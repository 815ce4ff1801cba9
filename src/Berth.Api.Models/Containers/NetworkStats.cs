using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

/// <summary>One interface in the stats "networks" map.</summary>
public sealed class NetworkStats
{
    [JsonPropertyName("rx_bytes")]
    public ulong RxBytes { get; init; }

    [JsonPropertyName("rx_packets")]
    public ulong RxPackets { get; init; }

    [JsonPropertyName("rx_errors")]
    public ulong RxErrors { get; init; }

    [JsonPropertyName("rx_dropped")]
    public ulong RxDropped { get; init; }

    [JsonPropertyName("tx_bytes")]
    public ulong TxBytes { get; init; }

    [JsonPropertyName("tx_packets")]
    public ulong TxPackets { get; init; }

    [JsonPropertyName("tx_errors")]
    public ulong TxErrors { get; init; }

    [JsonPropertyName("tx_dropped")]
    public ulong TxDropped { get; init; }
}
