namespace Berth.Core.Networks;

/// <summary>One container's endpoint as network inspect shows it: IPv4Address is "172.18.0.2/16".</summary>
public sealed record NetworkEndpointInfo(string Name, string EndpointId, string MacAddress, string IPv4Address, string IPv6Address);
