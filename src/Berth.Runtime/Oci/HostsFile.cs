using System.Net;
using System.Text;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Runtime.Oci;

/// <summary>
/// A container's /etc/hosts as Docker writes it for its own network namespace: the loopback and IPv6
/// defaults, the --add-host entries ("host-gateway" = the default bridge's gateway, as dockerd's
/// host-gateway-ip), then one line per address of the container with its hostname and aliases.
/// </summary>
internal static class HostsFile
{
    public const string HostGateway = "host-gateway";

    private const string Defaults =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    public static string Build(ContainerSpec config, IEnumerable<(string Address, IReadOnlyList<string> Aliases)> own, string? hostGateway)
    {
        var text = new StringBuilder(Defaults);
        foreach (var (name, address) in ExtraHosts(config.ExtraHosts))
        {
            string ip = address == HostGateway ? hostGateway ?? "" : address;
            if (ip.Length > 0)
            {
                text.Append(ip).Append('\t').Append(name).Append('\n');
            }
        }
        string hostname = config.Hostname ?? "";
        string names = string.IsNullOrEmpty(config.Domainname) ? hostname : $"{hostname}.{config.Domainname} {hostname}";
        foreach (var (address, aliases) in own)
        {
            text.Append(address).Append('\t').Append(names);
            foreach (string alias in aliases.Where(a => a != hostname))
            {
                text.Append(' ').Append(alias);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>"name:ip" or "name=ip" (Docker 25+); an IPv6 address may follow the first colon.</summary>
    public static IEnumerable<(string Name, string Address)> ExtraHosts(IEnumerable<string> entries)
    {
        foreach (string entry in entries)
        {
            int split = entry.IndexOf('=');
            if (split < 0)
            {
                split = entry.IndexOf(':');
            }
            if (split > 0)
            {
                yield return (entry[..split], entry[(split + 1)..].Trim('[', ']'));
            }
        }
    }

    /// <summary>moby's opts.ValidateExtraHost.</summary>
    public static void Validate(IEnumerable<string> entries)
    {
        foreach (string entry in entries)
        {
            int split = entry.IndexOf('=') is >= 0 and var eq ? eq : entry.IndexOf(':');
            if (split <= 0)
            {
                throw EngineException.InvalidArgument($"bad format for add-host: \"{entry}\"");
            }
            string address = entry[(split + 1)..].Trim('[', ']');
            if (address != HostGateway && !IPAddress.TryParse(address, out _))
            {
                throw EngineException.InvalidArgument($"invalid IP address in add-host: \"{address}\"");
            }
        }
    }
}
