namespace Berth.Api.Models.Networks;

/// <summary>One container on a network (network inspect's Containers map).</summary>
public sealed class NetworkEndpointResource
{
    public string Name { get; init; } = "";
    public string EndpointID { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public string IPv4Address { get; init; } = "";
    public string IPv6Address { get; init; } = "";
}
