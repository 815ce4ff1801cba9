using System.Net;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Dns;
using Berth.Networking.Firewall;
using Berth.Networking.Namespaces;
using Berth.Networking.Netlink;
using Berth.Networking.Proxy;
using Berth.Networking.Store;
using Berth.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Networking;

/// <summary>
/// <see cref="INetworkService"/> on Linux bridges, veth pairs, iptables and an embedded DNS server.
/// The database is the source of truth; kernel state (bridges, addresses, rules, DNS listeners) is
/// derived from it and recreated by <see cref="InitializeAsync"/>. Mutations are serialized by one lock;
/// they are rare and each is a handful of netlink calls.
/// </summary>
public sealed partial class NetworkService : INetworkService, IAsyncDisposable
{
    private readonly NetworkStore _store;
    private readonly NetworkServiceOptions _options;
    private readonly ILogger _logger;
    private readonly IptablesFirewall _firewall;
    private readonly DnsResponder _dnsResponder;
    private readonly Dictionary<string, DnsServer> _dnsServers = new(StringComparer.Ordinal);
    private volatile DnsDirectory _dnsDirectory = DnsDirectory.Empty;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly UserlandProxy _proxy = new();

    public NetworkService(MetadataDatabase database, NetworkServiceOptions options, ILogger<NetworkService>? logger = null)
    {
        _store = new NetworkStore(database);
        _options = options;
        _firewall = new IptablesFirewall(options.ChainPrefix);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dnsResponder = new DnsResponder(new DnsForwarder(DnsForwarder.ReadResolvConf(options.ResolvConfPath)));
    }

    private string NetnsDirectory => Path.Combine(_options.ExecRoot, "netns");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using (await Ipam.HostSubnetLock.AcquireAsync(cancellationToken))
            {
                var existing = _store.ListNetworks();
                if (!existing.Any(n => n.Predefined))
                {
                    CreatePredefined(existing);
                }

                foreach (var network in _store.ListNetworks().Where(n => n.IsBridge))
                {
                    EnsureBridge(network);
                }
            }

            var networks = _store.ListNetworks();

            DropStaleEndpoints();
            await ApplyFirewallAsync(cancellationToken);
            RefreshDns();
            foreach (var network in networks.Where(n => n.IsBridge && !n.IsDefaultBridge))
            {
                await StartDnsAsync(network);
            }

            RestoreProxies();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Removes every iptables rule and chain Berth added (uninstall, tests). Bridges and the database stay.</summary>
    public async Task RemoveAllRulesAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await _firewall.RemoveAllRulesAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// For a daemon that should leave no trace when it stops (a private one, tests): when no container
    /// is attached, stops the DNS servers and removes the bridges and iptables rules; the database
    /// stays and <see cref="InitializeAsync"/> recreates them. Returns false, changing nothing, while
    /// endpoints exist (their containers keep running and need the bridges).
    /// </summary>
    public async Task<bool> RemoveKernelStateIfIdleAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_store.ListEndpoints().Count > 0)
            {
                return false;
            }

            foreach (var id in _dnsServers.Keys.ToList())
            {
                await StopDnsAsync(id);
            }

            await _firewall.RemoveAllRulesAsync(cancellationToken);
            foreach (var network in _store.ListNetworks().Where(n => n.IsBridge))
            {
                DeleteLinkQuietly(network.BridgeName!);
            }

            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops the DNS servers. Bridges, endpoints and rules stay: containers keep running without the daemon.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _dnsServers.Values)
        {
            await server.DisposeAsync();
        }

        _dnsServers.Clear();
        await _proxy.DisposeAsync();
        _lock.Dispose();
    }

    private NetworkRecord Resolve(string nameOrId)
    {
        var networks = _store.ListNetworks();
        var match = networks.FirstOrDefault(n => n.Id == nameOrId)
            ?? networks.FirstOrDefault(n => n.Name == nameOrId);
        if (match is not null)
        {
            return match;
        }

        var byPrefix = nameOrId.Length > 0 ? networks.Where(n => n.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList() : [];
        return byPrefix.Count switch
        {
            1 => byPrefix[0],
            0 => throw EngineException.NotFound($"network {nameOrId} not found"),
            _ => throw EngineException.InvalidArgument($"network {nameOrId} is ambiguous ({byPrefix.Count} matches found on name)"),
        };
    }

    /// <summary>Removes endpoints whose namespace no longer exists (after a reboot /run is empty): their
    /// containers are not running, and the runtime connects them again on start.</summary>
    private void DropStaleEndpoints()
    {
        var stale = _store.ListEndpoints().Where(e => !NetworkNamespaces.Exists(e.NetnsPath)).ToList();
        foreach (var endpoint in stale)
        {
            _store.DeleteEndpoint(endpoint.NetworkId, endpoint.ContainerId);
            _store.DeletePorts(endpoint.ContainerId);
            DeleteLinkQuietly(endpoint.HostVeth);
        }

        if (stale.Count > 0)
        {
            NetworkingLog.StaleEndpoints(_logger, stale.Count);
        }
    }

    private async Task ApplyFirewallAsync(CancellationToken cancellationToken)
    {
        var networks = _store.ListNetworks()
            .Where(n => n.IsBridge && n.Gateway is not null)
            .Select(n => new FirewallNetwork(n.BridgeName!, n.Gateway!.Value, n.Internal, n.Masquerade, n.InterContainer, n.Gateway6))
            .ToList();
        await _firewall.ApplyAsync(networks, _store.ListPorts().Where(p => !UserlandProxy.IsNeeded(p)).ToList(), cancellationToken);
    }

    /// <summary>After a restart, the proxied ports of running containers listen again (they lived in the old process).</summary>
    private void RestoreProxies()
    {
        foreach (var port in _store.ListPorts().Where(UserlandProxy.IsNeeded))
        {
            try
            {
                _proxy.Start(port);
            }
            catch (EngineException e)
            {
                NetworkingLog.ProxyRestoreFailed(_logger, e, $"{port.Protocol} [{port.HostIp}]:{port.HostPort}");
            }
        }
    }

    private void DeleteLinkQuietly(string name)
    {
        try
        {
            using var netlink = new RouteNetlink();
            if (netlink.GetLinkIndex(name) is { } index)
            {
                netlink.DeleteLink(index);
            }
        }
        catch (IOException e)
        {
            NetworkingLog.LinkRemovalFailed(_logger, e, name);
        }
    }
}
