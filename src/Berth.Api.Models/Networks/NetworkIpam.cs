namespace Berth.Api.Models.Networks;

/// <summary>Docker's IPAM object, in the order dockerd writes it (Driver, Options, Config).</summary>
public sealed class NetworkIpam
{
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyList<NetworkIpamConfig>? Config { get; init; }
}
