namespace Berth.Core.Networks;

/// <summary>What the container asked for on one network (EndpointsConfig / --ip / --mac-address / --network-alias).</summary>
public sealed record EndpointRequest
{
    /// <summary>Extra DNS names on this network (user-defined networks only, as in Docker).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>A fixed address; null = next free one from IPAM.</summary>
    public string? IPv4Address { get; init; }
    /// <summary>A fixed IPv6 address (--ip6); null = next free one when the network has IPv6 enabled.</summary>
    public string? IPv6Address { get; init; }
    /// <summary>null = 02:42 followed by the IPv4 address, as Docker derives it.</summary>
    public string? MacAddress { get; init; }
    /// <summary>"name:alias" legacy links; kept as data (resolved through /etc/hosts by the runtime).</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
}
