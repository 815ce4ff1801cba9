using Berth.Core.Networks;

namespace Berth.Networking.Store;

/// <summary>A network as stored. Bridge networks have a bridge name, an IPv4 subnet and a gateway;
/// host and null have none.</summary>
internal sealed record NetworkRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Driver { get; init; }
    public required DateTimeOffset Created { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool EnableIPv6 { get; init; }
    public bool Predefined { get; init; }
    public string? BridgeName { get; init; }
    /// <summary>The subnet with the gateway as its address (172.30.0.1/16).</summary>
    public Ipv4Subnet? Gateway { get; init; }
    public Ipv4Subnet? IpRange { get; init; }
    /// <summary>IPv6-enabled networks: the IPv6 subnet with the bridge's IPv6 address (fd00:dead:beef::1/64).</summary>
    public Ipv6Subnet? Gateway6 { get; init; }
    /// <summary>The IPv6 subnet came from the user (only then may containers ask for fixed IPv6 addresses).</summary>
    public bool UserSubnet6 { get; init; }
    public int Mtu { get; init; } = 1500;
    public bool Masquerade { get; init; } = true;
    public bool InterContainer { get; init; } = true;
    /// <summary>The subnet came from the user (only then may containers ask for fixed addresses, as in Docker).</summary>
    public bool UserSubnet { get; init; }
    /// <summary>As the user gave it (inspect shows it back; a generated subnet is filled in).</summary>
    public required IpamSpec Ipam { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool IsBridge => Driver == "bridge";
    /// <summary>The default bridge: no embedded DNS, containers get the host's resolvers.</summary>
    public bool IsDefaultBridge => Predefined && IsBridge;
}
