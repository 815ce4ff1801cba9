using System.Text;
using Berth.Networking.Store;

namespace Berth.Networking.Firewall;

/// <summary>
/// Renders Berth's whole rule set as one iptables-restore batch (used with --noflush): declaring a
/// user-defined chain flushes it, so every apply rewrites Berth's chains from the current state in
/// one atomic nftables transaction, and touches nothing else but the jumps from the built-in chains
/// (added only when missing). The rules follow libnetwork's bridge driver with userland-proxy off:
/// nat BERTH (DNAT of published ports, also for locally generated traffic so 127.0.0.1 works),
/// BERTH-POSTROUTING (masquerade per subnet, hairpin), filter BERTH-FORWARD (replies, published ports,
/// outbound, inter-container), BERTH (published-port ACCEPTs), BERTH-ISOLATION-1/2 (no traffic between
/// different bridges; internal networks see only their own subnet).
/// </summary>
internal static class FirewallRules
{
    /// <summary>Chain names start with this; another prefix (NetworkServiceOptions.ChainPrefix) lets
    /// several daemons on one host each own a separate set of chains.</summary>
    public const string DefaultPrefix = "BERTH";

    private sealed record Chains(string Prefix)
    {
        public string Nat => Prefix;
        public string Postrouting => Prefix + "-POSTROUTING";
        public string Forward => Prefix + "-FORWARD";
        public string Ports => Prefix;
        public string Isolation1 => Prefix + "-ISOLATION-1";
        public string Isolation2 => Prefix + "-ISOLATION-2";
        public string[] NatChains => [Nat, Postrouting];
        public string[] FilterChains => [Forward, Ports, Isolation1, Isolation2];

        /// <summary>(table, rule as iptables-save prints it, how to insert it when missing).</summary>
        public (string Table, string Rule, string Insert)[] Jumps =>
        [
            ("nat", $"-A PREROUTING -m addrtype --dst-type LOCAL -j {Nat}", $"-A PREROUTING -m addrtype --dst-type LOCAL -j {Nat}"),
            ("nat", $"-A OUTPUT -m addrtype --dst-type LOCAL -j {Nat}", $"-A OUTPUT -m addrtype --dst-type LOCAL -j {Nat}"),
            ("nat", $"-A POSTROUTING -j {Postrouting}", $"-A POSTROUTING -j {Postrouting}"),
            ("filter", $"-A FORWARD -j {Forward}", $"-I FORWARD 1 -j {Forward}"),
        ];
    }

    /// <summary>The batch for the given state; <paramref name="existingRules"/> is iptables-save's output, to skip jumps already present.
    /// With <paramref name="ipv6"/> the same rules for ip6tables-restore: only IPv6-enabled networks (by their IPv6 subnet) and
    /// ports published to IPv6 container addresses.</summary>
    public static string Render(IReadOnlyList<FirewallNetwork> networks, IReadOnlyList<PortRecord> ports, string existingRules, string prefix = DefaultPrefix, bool ipv6 = false)
    {
        var c = new Chains(prefix);
        string host = ipv6 ? "/128" : "/32";
        networks = ipv6 ? networks.Where(n => n.Subnet6 is not null).ToList() : networks;
        ports = ports.Where(p => p.ContainerIp.Contains(':', StringComparison.Ordinal) == ipv6).ToList();
        string SubnetOf(FirewallNetwork n) => ipv6 ? n.Subnet6!.Value.Subnet.ToString() : n.Subnet.Subnet.ToString();
        var present = new HashSet<string>(existingRules.Split('\n', StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        var batch = new StringBuilder();
        batch.Append("*nat\n");
        Declare(batch, c.NatChains);
        AppendMissingJumps(batch, c, "nat", present);
        foreach (var n in networks)
        {
            if (!n.Internal && n.Masquerade)
            {
                batch.Append($"-A {c.Postrouting} -s {SubnetOf(n)} ! -o {n.BridgeName} -j MASQUERADE\n");
            }

            // Hairpin from the host itself (incl. 127.0.0.1 via route_localnet): replies must come back to us.
            batch.Append($"-A {c.Postrouting} -m addrtype --src-type LOCAL -o {n.BridgeName} -j MASQUERADE\n");
        }

        foreach (var p in ports)
        {
            batch.Append($"-A {c.Postrouting} -s {p.ContainerIp}{host} -d {p.ContainerIp}{host} -p {p.Protocol} -m {p.Protocol} --dport {p.ContainerPort} -j MASQUERADE\n");
        }

        foreach (var p in ports)
        {
            string destination = p.HostIp is "0.0.0.0" or "::" ? "" : $"-d {p.HostIp}{host} ";
            string target = ipv6 ? $"[{p.ContainerIp}]:{p.ContainerPort}" : $"{p.ContainerIp}:{p.ContainerPort}";
            batch.Append($"-A {c.Nat} {destination}-p {p.Protocol} -m {p.Protocol} --dport {p.HostPort} -j DNAT --to-destination {target}\n");
        }

        batch.Append("COMMIT\n*filter\n");
        Declare(batch, c.FilterChains);
        AppendMissingJumps(batch, c, "filter", present);
        batch.Append($"-A {c.Forward} -j {c.Isolation1}\n");
        foreach (var n in networks)
        {
            AppendForward(batch, c, n, SubnetOf(n));
        }

        foreach (var p in ports)
        {
            batch.Append($"-A {c.Ports} -d {p.ContainerIp}{host} ! -i {p.BridgeName} -o {p.BridgeName} -p {p.Protocol} -m {p.Protocol} --dport {p.ContainerPort} -j ACCEPT\n");
        }

        batch.Append("COMMIT\n");
        return batch.ToString();
    }

    /// <summary>The batch that removes every jump, rule and chain Berth owns.</summary>
    public static string RenderRemoval(string existingRules, string prefix = DefaultPrefix)
    {
        var c = new Chains(prefix);
        var lines = existingRules.Split('\n', StringSplitOptions.TrimEntries);
        var batch = new StringBuilder();
        foreach (var (table, chains) in new[] { ("nat", c.NatChains), ("filter", c.FilterChains) })
        {
            var existing = ChainsIn(lines, table).Where(chains.Contains).ToList();
            batch.Append($"*{table}\n");
            foreach (var (jumpTable, rule, _) in c.Jumps)
            {
                if (jumpTable == table && lines.Contains(rule))
                {
                    batch.Append("-D ").Append(rule.AsSpan(3)).Append('\n');
                }
            }

            existing.ForEach(chain => batch.Append($"-F {chain}\n"));
            existing.ForEach(chain => batch.Append($"-X {chain}\n"));
            batch.Append("COMMIT\n");
        }

        return batch.ToString();
    }

    private static void AppendForward(StringBuilder batch, Chains c, FirewallNetwork n, string subnet)
    {
        string br = n.BridgeName;
        if (n.Internal)
        {
            // Traffic inside the bridge is the ICC rule's business below. With br_netfilter it passes FORWARD too,
            // and IPv6 neighbour discovery goes to ff02:: multicast, outside the subnet the drops below allow.
            batch.Append($"-A {c.Isolation1} -i {br} -o {br} -j RETURN\n");
            batch.Append($"-A {c.Isolation1} ! -s {subnet} -o {br} -j DROP\n");
            batch.Append($"-A {c.Isolation1} ! -d {subnet} -i {br} -j DROP\n");
        }
        else
        {
            batch.Append($"-A {c.Isolation1} -i {br} ! -o {br} -j {c.Isolation2}\n");
            batch.Append($"-A {c.Isolation2} -o {br} -j DROP\n");
            batch.Append($"-A {c.Forward} -o {br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
            batch.Append($"-A {c.Forward} -o {br} -j {c.Ports}\n");
            batch.Append($"-A {c.Forward} -i {br} ! -o {br} -j ACCEPT\n");
        }

        batch.Append($"-A {c.Forward} -i {br} -o {br} -j {(n.InterContainer ? "ACCEPT" : "DROP")}\n");
        // Unpublished ports stay closed from outside even when FORWARD's policy is ACCEPT (Docker 28 does the same).
        batch.Append($"-A {c.Forward} ! -i {br} -o {br} -j DROP\n");
    }

    private static void Declare(StringBuilder batch, string[] chains)
    {
        foreach (var chain in chains.Distinct())
        {
            batch.Append($":{chain} - [0:0]\n");
        }
    }

    private static void AppendMissingJumps(StringBuilder batch, Chains c, string table, HashSet<string> present)
    {
        foreach (var (jumpTable, rule, insert) in c.Jumps)
        {
            if (jumpTable == table && !present.Contains(rule))
            {
                batch.Append(insert).Append('\n');
            }
        }
    }

    /// <summary>User-defined chains of one table in iptables-save output (":NAME - [0:0]" lines after "*table").</summary>
    private static IEnumerable<string> ChainsIn(string[] lines, string table)
    {
        bool inTable = false;
        foreach (var line in lines)
        {
            if (line.StartsWith('*'))
            {
                inTable = line == "*" + table;
            }
            else if (inTable && line.StartsWith(':'))
            {
                yield return line[1..line.IndexOf(' ', StringComparison.Ordinal)];
            }
        }
    }
}
