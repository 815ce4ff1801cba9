using System.Diagnostics;
using Berth.Core.Errors;
using Berth.Networking.Store;

namespace Berth.Networking.Firewall;

/// <summary>
/// Applies <see cref="FirewallRules"/> through iptables-save/iptables-restore. Why iptables and not an
/// nftables table of our own: dockerd sets the filter FORWARD policy to DROP; a separate nft table
/// cannot override that (a packet accepted in one table is still dropped by another table's base
/// chain), while a jump in the same FORWARD chain can. So Berth lives in the same tables as Docker
/// (iptables-nft on Debian 12) with its own chains, and one restore batch per change keeps it to two
/// process starts however many rules there are. Serialized by the caller.
/// </summary>
internal sealed class IptablesFirewall
{
    private readonly string _save;
    private readonly string _restore;
    private readonly string _save6;
    private readonly string _restore6;
    private readonly string _prefix;

    public IptablesFirewall(string prefix = FirewallRules.DefaultPrefix, string iptablesSave = "iptables-save", string iptablesRestore = "iptables-restore",
        string ip6tablesSave = "ip6tables-save", string ip6tablesRestore = "ip6tables-restore")
    {
        _prefix = prefix;
        _save = iptablesSave;
        _restore = iptablesRestore;
        _save6 = ip6tablesSave;
        _restore6 = ip6tablesRestore;
    }

    /// <summary>
    /// Rewrites Berth's chains for this state and enables IPv4 forwarding. The ip6tables chains exist only
    /// while some network has IPv6 (hosts without any never see an ip6tables rule from Berth); then IPv6
    /// forwarding is enabled too, as dockerd does. Note: with net.ipv6.conf.all.forwarding=1 the kernel
    /// ignores router advertisements on interfaces with accept_ra=1, so a host that gets its IPv6 default
    /// route by SLAAC needs accept_ra=2 on its uplink.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<FirewallNetwork> networks, IReadOnlyList<PortRecord> ports, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync("/proc/sys/net/ipv4/ip_forward", "1", cancellationToken);
        string existing = await RunAsync(_save, [], null, cancellationToken);
        string batch = FirewallRules.Render(networks, ports, existing, _prefix);
        await RunAsync(_restore, ["-w", "--noflush"], batch, cancellationToken);

        if (networks.Any(n => n.Subnet6 is not null))
        {
            await File.WriteAllTextAsync("/proc/sys/net/ipv6/conf/all/forwarding", "1", cancellationToken);
            string existing6 = await RunAsync(_save6, [], null, cancellationToken);
            await RunAsync(_restore6, ["-w", "--noflush"], FirewallRules.Render(networks, ports, existing6, _prefix, ipv6: true), cancellationToken);
        }
        else
        {
            await RemoveIpv6RulesAsync(cancellationToken);
        }
    }

    /// <summary>Removes every rule and chain Berth added (uninstall and tests).</summary>
    public async Task RemoveAllRulesAsync(CancellationToken cancellationToken)
    {
        string existing = await RunAsync(_save, [], null, cancellationToken);
        await RunAsync(_restore, ["-w", "--noflush"], FirewallRules.RenderRemoval(existing, _prefix), cancellationToken);
        await RemoveIpv6RulesAsync(cancellationToken);
    }

    private async Task RemoveIpv6RulesAsync(CancellationToken cancellationToken)
    {
        string existing6 = await RunAsync(_save6, [], null, cancellationToken);
        if (existing6.Contains($":{_prefix}", StringComparison.Ordinal))
        {
            await RunAsync(_restore6, ["-w", "--noflush"], FirewallRules.RenderRemoval(existing6, _prefix), cancellationToken);
        }
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw EngineException.Internal($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw EngineException.Internal($"{program} failed (exit {process.ExitCode}): {(await stderr).Trim()}" + (input is null ? "" : $"\nbatch:\n{input}"));
        }

        return await stdout;
    }
}
