namespace Berth.Networking;

/// <summary>Settings of <see cref="NetworkService"/> (the daemon maps its flags onto these).</summary>
public sealed record NetworkServiceOptions
{
    /// <summary>--exec-root: network namespaces live in &lt;ExecRoot&gt;/netns.</summary>
    public string ExecRoot { get; init; } = "/run/berth";
    /// <summary>The host's resolver configuration: upstreams for the embedded DNS and resolv.conf of default-bridge containers.</summary>
    public string ResolvConfPath { get; init; } = "/etc/resolv.conf";
    /// <summary>The Linux bridge of the predefined "bridge" network (Docker's is docker0; a different name lets both daemons run).</summary>
    public string DefaultBridgeName { get; init; } = "berth0";
    /// <summary>--bip-like override as CIDR with the gateway ("172.30.0.1/16"); null = first free default pool.</summary>
    public string? DefaultBridgeAddress { get; init; }
    public int DefaultMtu { get; init; } = 1500;
    /// <summary>Prefix of Berth's iptables chains (BERTH, BERTH-FORWARD, ...). Every daemon rewrites its
    /// chains from its own database, so daemons sharing a host need different prefixes (at most 16 characters).</summary>
    public string ChainPrefix { get; init; } = "BERTH";
    /// <summary>Port of the embedded DNS on each gateway; only tests change it.</summary>
    public int DnsPort { get; init; } = 53;
}
