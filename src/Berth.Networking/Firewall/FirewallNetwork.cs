namespace Berth.Networking.Firewall;

/// <summary>What the firewall needs to know about one bridge network; <paramref name="Subnet6"/> on IPv6-enabled ones.</summary>
internal sealed record FirewallNetwork(string BridgeName, Ipv4Subnet Subnet, bool Internal, bool Masquerade, bool InterContainer, Ipv6Subnet? Subnet6 = null);
