namespace Berth.Core.Networks;

/// <summary>POST /networks/create. Only the "bridge" driver can be created; "host" and "null" are predefined.</summary>
public sealed record NetworkCreateSpec
{
    public required string Name { get; init; }
    /// <summary>Null or empty = "bridge".</summary>
    public string? Driver { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool EnableIPv6 { get; init; }
    public IpamSpec? Ipam { get; init; }
    /// <summary>Driver options: com.docker.network.bridge.name, com.docker.network.bridge.enable_ip_masquerade,
    /// com.docker.network.bridge.enable_icc, com.docker.network.driver.mtu.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Ignored as in Docker 25+: names are always unique.</summary>
    public bool CheckDuplicate { get; init; }
}
