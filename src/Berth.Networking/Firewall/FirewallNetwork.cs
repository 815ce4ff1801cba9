namespace Berth.Networking.Firewall;

/// <summary>What the firewall needs to know about one bridge network.</summary>
internal sealed record FirewallNetwork(string BridgeName, Ipv4Subnet Subnet, bool Internal, bool Masquerade, bool InterContainer);
