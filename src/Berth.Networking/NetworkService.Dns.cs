using System.Net;
using Berth.Networking.Dns;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>
/// The embedded DNS: one server per user-defined network on its gateway, all answering from one
/// <see cref="DnsDirectory"/> that is rebuilt after every endpoint change. Which names a query sees
/// depends on the asking container's networks, not on the gateway it asked.
/// </summary>
public sealed partial class NetworkService
{
    private async Task StartDnsAsync(NetworkRecord network)
    {
        if (_dnsServers.ContainsKey(network.Id) || network.Gateway is not { } gateway)
        {
            return;
        }

        var endpoint = new IPEndPoint(gateway.Address, _options.DnsPort);
        string networkId = network.Id;
        try
        {
            _dnsServers[networkId] = new DnsServer(endpoint, _dnsResponder, asker => _dnsDirectory.ScopeFor(asker, networkId));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Name resolution is lost on this network, but its containers still work: do not fail the daemon.
            NetworkingLog.DnsFailed(_logger, e, network.Name, endpoint.ToString());
        }

        await Task.CompletedTask;
    }

    private async Task StopDnsAsync(string networkId)
    {
        if (_dnsServers.Remove(networkId, out var server))
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Rebuilds the names of every user-defined network and who may see them. Caller holds the lock.</summary>
    private void RefreshDns()
    {
        var withDns = _store.ListNetworks().Where(n => n.IsBridge && !n.IsDefaultBridge).ToDictionary(n => n.Id, StringComparer.Ordinal);
        var endpoints = _store.ListEndpoints();
        var tables = withDns.Values.ToDictionary(n => n.Id, n => DnsTable.Build(n.Name, endpoints
            .Where(e => e.NetworkId == n.Id)
            .Select(e => (e.ContainerId, e.ContainerName, e.Aliases, e.Address.Address, e.Address6?.Address))), StringComparer.Ordinal);
        // ListEndpoints is in connection order, so each container's networks come out in the order it joined them.
        var containers = endpoints.GroupBy(e => e.ContainerId, StringComparer.Ordinal).Select(g =>
            ((IReadOnlyList<IPAddress>)g.SelectMany(e => e.Address6 is { } a6 ? new[] { e.Address.Address, a6.Address } : [e.Address.Address]).ToList(),
             (IReadOnlyList<string>)g.Select(e => e.NetworkId).ToList()));
        _dnsDirectory = DnsDirectory.Build(tables, containers);
    }
}
