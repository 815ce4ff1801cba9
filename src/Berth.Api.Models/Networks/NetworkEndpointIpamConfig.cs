namespace Berth.Api.Models.Networks;

/// <summary>EndpointIPAMConfig: fixed addresses asked for with --ip / --ip6.</summary>
public sealed class NetworkEndpointIpamConfig
{
    public string? IPv4Address { get; init; }
    public string? IPv6Address { get; init; }
    public IReadOnlyList<string>? LinkLocalIPs { get; init; }
}
