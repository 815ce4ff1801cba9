using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

/// <summary>The stats "blkio_stats": only the bytes-per-device list is filled; absent lists are omitted.</summary>
public sealed class BlkioStats
{
    [JsonPropertyName("io_service_bytes_recursive")]
    public IReadOnlyList<BlkioStatEntry>? IoServiceBytesRecursive { get; init; }
}
