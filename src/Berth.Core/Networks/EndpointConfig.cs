namespace Berth.Core.Networks;

/// <summary>A container's endpoint on one network (inspect's NetworkSettings.Networks[name]).</summary>
public sealed record EndpointConfig
{
    public required string NetworkId { get; init; }
    public required string NetworkName { get; init; }
    public required string EndpointId { get; init; }
    /// <summary>Interface name inside the container: eth0, eth1...</summary>
    public required string InterfaceName { get; init; }
    public required string IPAddress { get; init; }
    public required int PrefixLen { get; init; }
    /// <summary>The bridge address; empty on internal networks, which get no default route.</summary>
    public required string Gateway { get; init; }
    public required string MacAddress { get; init; }
    /// <summary>The container's IPv6 address on an IPv6-enabled network; "" otherwise.</summary>
    public string GlobalIPv6Address { get; init; } = "";
    public int GlobalIPv6PrefixLen { get; init; }
    /// <summary>The bridge's IPv6 address; "" on internal or IPv4-only networks.</summary>
    public string IPv6Gateway { get; init; } = "";
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>The host's veth name (veth + 7 hex).</summary>
    public string HostInterface { get; init; } = "";
}
