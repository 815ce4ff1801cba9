using System.Text;
using Berth.Core.Containers;

namespace Berth.Runtime.Oci;

/// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf for a container, as Docker writes them.</summary>
internal static class HostFiles
{
    public static void Write(string dir, string hostname, ContainerSpec config, string hostResolvConf, string hostHosts)
    {
        File.WriteAllText(Path.Combine(dir, "hostname"), hostname + "\n");

        var hosts = new StringBuilder();
        if (config.NetworkMode == "host" && File.Exists(hostHosts))
        {
            hosts.Append(File.ReadAllText(hostHosts));
        }
        else
        {
            hosts.Append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
        }
        // host-gateway needs the bridge's address: the start writes those once networking is known.
        foreach (var (name, address) in HostsFile.ExtraHosts(config.ExtraHosts).Where(h => h.Address != HostsFile.HostGateway))
        {
            hosts.Append(address).Append('\t').Append(name).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "hosts"), hosts.ToString());

        File.WriteAllText(Path.Combine(dir, "resolv.conf"), ResolvConf(config, File.Exists(hostResolvConf) ? File.ReadAllText(hostResolvConf) : ""));
    }

    /// <summary>The host's resolv.conf with --dns/--dns-search/--dns-option replacing its lines.</summary>
    private static string ResolvConf(ContainerSpec config, string host)
    {
        var lines = host.Split('\n').Where(l => l.Length > 0).ToList();
        if (config.Dns.Count > 0)
        {
            lines.RemoveAll(l => l.StartsWith("nameserver", StringComparison.Ordinal));
            lines.AddRange(config.Dns.Select(d => "nameserver " + d));
        }
        if (config.DnsSearch.Count > 0)
        {
            lines.RemoveAll(l => l.StartsWith("search", StringComparison.Ordinal) || l.StartsWith("domain", StringComparison.Ordinal));
            lines.Add("search " + string.Join(' ', config.DnsSearch));
        }
        if (config.DnsOptions.Count > 0)
        {
            lines.RemoveAll(l => l.StartsWith("options", StringComparison.Ordinal));
            lines.Add("options " + string.Join(' ', config.DnsOptions));
        }
        return string.Join('\n', lines) + "\n";
    }
}
