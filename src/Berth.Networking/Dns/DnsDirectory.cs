using System.Net;

namespace Berth.Networking.Dns;

/// <summary>
/// Every user-defined network's names plus which networks each container address belongs to: an
/// immutable snapshot, rebuilt on every endpoint change and swapped in whole. The servers on the
/// gateways all share it and pick the tables by the query's source address, so a container on
/// several networks resolves peers on all of them whichever gateway its resolv.conf names.
/// </summary>
internal sealed class DnsDirectory
{
    public static readonly DnsDirectory Empty = new(new Dictionary<string, DnsTable>(), new Dictionary<IPAddress, IReadOnlyList<string>>());

    private readonly IReadOnlyDictionary<string, DnsTable> _tables;
    private readonly IReadOnlyDictionary<IPAddress, IReadOnlyList<string>> _networksOfAddress;

    private DnsDirectory(IReadOnlyDictionary<string, DnsTable> tables, IReadOnlyDictionary<IPAddress, IReadOnlyList<string>> networksOfAddress)
    {
        _tables = tables;
        _networksOfAddress = networksOfAddress;
    }

    /// <param name="tables">Network ID -> its table, for the networks with embedded DNS.</param>
    /// <param name="containers">Each container's addresses (all networks) and its networks in connection order.</param>
    public static DnsDirectory Build(IReadOnlyDictionary<string, DnsTable> tables,
        IEnumerable<(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> NetworkIds)> containers)
    {
        var byAddress = new Dictionary<IPAddress, IReadOnlyList<string>>();
        foreach (var (addresses, networkIds) in containers)
        {
            var withDns = networkIds.Where(tables.ContainsKey).ToList();
            foreach (var address in addresses)
            {
                byAddress[address] = withDns;
            }
        }

        return new DnsDirectory(tables, byAddress);
    }

    /// <summary>What a query from <paramref name="asker"/> to the server of <paramref name="serverNetworkId"/> may see.
    /// An address of no container (the host, a stale client) sees that server's network only.</summary>
    public DnsScope ScopeFor(IPAddress asker, string serverNetworkId)
    {
        if (asker.IsIPv4MappedToIPv6)
        {
            asker = asker.MapToIPv4();
        }

        if (_networksOfAddress.TryGetValue(asker, out var networks) && networks.Count > 0)
        {
            return new DnsScope(networks.Select(id => _tables[id]).ToList());
        }

        return _tables.TryGetValue(serverNetworkId, out var own) ? new DnsScope([own]) : DnsScope.Empty;
    }
}
