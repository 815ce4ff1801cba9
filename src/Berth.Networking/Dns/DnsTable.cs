using System.Net;

namespace Berth.Networking.Dns;

/// <summary>
/// The names one network's DNS answers, rebuilt whenever an endpoint comes or goes: container name,
/// aliases, the 12-character short ID, and "name.network" as Docker does; reverse entries map each
/// address to "name.network".
/// </summary>
internal sealed class DnsTable
{
    public static readonly DnsTable Empty = new(new Dictionary<string, IReadOnlyList<IPAddress>>(), new Dictionary<IPAddress, string>());

    private readonly IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> _forward;
    private readonly IReadOnlyDictionary<IPAddress, string> _reverse;

    private DnsTable(IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> forward, IReadOnlyDictionary<IPAddress, string> reverse)
    {
        _forward = forward;
        _reverse = reverse;
    }

    /// <summary>Each endpoint's names map to its IPv4 address and, on IPv6 networks, its IPv6 address too.</summary>
    public static DnsTable Build(string networkName, IEnumerable<(string ContainerId, string Name, IReadOnlyList<string> Aliases, IPAddress Address, IPAddress? Address6)> endpoints)
    {
        var forward = new Dictionary<string, List<IPAddress>>(StringComparer.Ordinal);
        var reverse = new Dictionary<IPAddress, string>();
        void Add(string name, IPAddress address)
        {
            name = name.TrimStart('/').TrimEnd('.').ToLowerInvariant();
            if (name.Length == 0)
            {
                return;
            }

            if (!forward.TryGetValue(name, out var list))
            {
                forward[name] = list = [];
            }

            if (!list.Contains(address))
            {
                list.Add(address);
            }
        }

        foreach (var (id, name, aliases, address4, address6) in endpoints)
        {
            string clean = name.TrimStart('/');
            foreach (var address in address6 is null ? [address4] : new[] { address4, address6 })
            {
                Add(clean, address);
                Add($"{clean}.{networkName}", address);
                Add(id.Length > 12 ? id[..12] : id, address);
                foreach (var alias in aliases)
                {
                    Add(alias, address);
                }

                reverse[address] = $"{clean}.{networkName}".ToLowerInvariant();
            }
        }

        return new DnsTable(forward.ToDictionary(p => p.Key, p => (IReadOnlyList<IPAddress>)p.Value, StringComparer.Ordinal), reverse);
    }

    public IReadOnlyList<IPAddress>? Lookup(string name) => _forward.GetValueOrDefault(name.TrimEnd('.').ToLowerInvariant());

    public string? Reverse(IPAddress address) => _reverse.GetValueOrDefault(address);
}
