using System.Net;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Namespaces;
using Berth.Networking.Netlink;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>Network namespaces and container endpoints (veth, address, MAC, routes).</summary>
public sealed partial class NetworkService
{
    public async Task<string> CreateNetnsAsync(string containerId, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        string path = NetnsPath(containerId);
        if (NetworkNamespaces.Exists(path))
        {
            throw EngineException.Conflict($"network namespace for container {containerId} already exists");
        }

        NetworkNamespaces.Create(path);
        return path;
    }

    public async Task DeleteNetnsAsync(string containerId, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        NetworkNamespaces.Delete(NetnsPath(containerId));
    }

    public async Task<EndpointConfig> ConnectAsync(string networkNameOrId, string containerId, string containerName, EndpointRequest request,
        string netnsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var network = Resolve(networkNameOrId);
            if (!network.IsBridge)
            {
                throw EngineException.Forbidden($"container cannot be disconnected from host network or connected to {network.Name} network");
            }

            ValidateEndpoint(network, request);

            var mine = _store.ListEndpointsOfContainer(containerId);
            if (mine.Any(e => e.NetworkId == network.Id))
            {
                throw EngineException.Forbidden($"endpoint with name {containerName.TrimStart('/')} already exists in network {network.Name}");
            }

            var address = ChooseAddress(network, request.IPv4Address);
            var address6 = ChooseAddress6(network, request.IPv6Address);
            byte[] mac = MacAddresses.FromIPv4(address);
            if (!string.IsNullOrEmpty(request.MacAddress) && !MacAddresses.TryParse(request.MacAddress, out mac))
            {
                throw EngineException.InvalidArgument($"invalid MAC address: {request.MacAddress}");
            }

            var networks = _store.ListNetworks();
            bool hasDefaultRoute = mine.Any(e => networks.FirstOrDefault(n => n.Id == e.NetworkId) is { Internal: false });
            // The IPv6 default route belongs to the first IPv6 network with a way out, which need not be the first network.
            bool hasDefaultRoute6 = mine.Any(e => e.Address6 is not null && networks.FirstOrDefault(n => n.Id == e.NetworkId) is { Internal: false });
            var endpoint = new EndpointRecord
            {
                NetworkId = network.Id,
                ContainerId = containerId,
                ContainerName = containerName.TrimStart('/'),
                EndpointId = RandomIds.NewId(),
                InterfaceName = NextInterfaceName(mine),
                Address = address,
                Address6 = address6,
                MacAddress = MacAddresses.Format(mac),
                HostVeth = "veth" + RandomIds.Hex(7),
                NetnsPath = netnsPath,
                // Docker resolves aliases only on user-defined networks; the default bridge has no DNS at all.
                Aliases = network.IsDefaultBridge ? [] : request.Aliases.Where(a => a.Length > 0).Distinct().ToList(),
            };
            bool routes = !network.Internal && !hasDefaultRoute;
            bool routes6 = !network.Internal && !hasDefaultRoute6;
            Plumb(network, endpoint, mac, routes, routes6);
            if (!_store.InsertEndpoint(endpoint))
            {
                DeleteLinkQuietly(endpoint.HostVeth);
                throw EngineException.Conflict("Address already in use");
            }

            RefreshDns();
            return ToConfig(network, endpoint);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task DisconnectAsync(string networkNameOrId, string containerId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var network = Resolve(networkNameOrId);
            var mine = _store.ListEndpointsOfContainer(containerId);
            var endpoint = mine.FirstOrDefault(e => e.NetworkId == network.Id)
                ?? throw EngineException.NotFound($"container {containerId} is not connected to network {network.Name}");
            DeleteLinkQuietly(endpoint.HostVeth);
            _store.DeleteEndpoint(network.Id, containerId);
            MoveDefaultRoutes(endpoint, mine);
            // Ports published to this address have nowhere to go any more.
            string[] addresses = [endpoint.Address.Address.ToString(), endpoint.Address6?.Address.ToString() ?? ""];
            if (_store.ListPorts().Any(p => p.ContainerId == containerId && addresses.Contains(p.ContainerIp)))
            {
                _store.DeletePorts(containerId);
                await _proxy.StopContainerAsync(containerId);
                await ApplyFirewallAsync(cancellationToken);
            }

            RefreshDns();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<EndpointConfig>> GetEndpointsAsync(string containerId, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var networks = _store.ListNetworks();
        return _store.ListEndpointsOfContainer(containerId)
            .Select(e => ToConfig(networks.First(n => n.Id == e.NetworkId), e))
            .ToList();
    }

    private string NetnsPath(string containerId)
    {
        if (containerId.Length == 0 || containerId.Contains('/', StringComparison.Ordinal) || containerId.StartsWith('.'))
        {
            throw EngineException.InvalidArgument($"invalid container ID {containerId}");
        }

        return Path.Combine(NetnsDirectory, containerId);
    }

    /// <summary>The last IPv4 address handed out per network (in memory: a restart begins at the lowest free one).</summary>
    private readonly Dictionary<string, uint> _lastIpv4 = new(StringComparer.Ordinal);

    /// <summary>The requested address after Docker's checks, or the lowest free one in the pool (IPRange if set).</summary>
    private Ipv4Subnet ChooseAddress(NetworkRecord network, string? requested)
    {
        var gateway = network.Gateway!.Value;
        var subnet = gateway.Subnet;
        var used = _store.ListEndpoints().Where(e => e.NetworkId == network.Id).Select(e => e.Address.Value).ToHashSet();
        if (!string.IsNullOrEmpty(requested))
        {
            if (!network.UserSubnet)
            {
                throw EngineException.InvalidArgument("user specified IP address is supported only when connecting to networks with user configured subnets");
            }

            if (!Ipv4Subnet.TryParseAddress(requested, out var address))
            {
                throw EngineException.InvalidArgument($"invalid IPv4 address: {requested}");
            }

            uint value = Ipv4Subnet.ToUInt32(address);
            if (!subnet.Contains(value))
            {
                throw EngineException.InvalidArgument($"Address {requested} is not in subnet {subnet}");
            }

            if (value == subnet.First || value == subnet.Last || value == gateway.Value || used.Contains(value))
            {
                throw EngineException.Conflict("Address already in use");
            }

            return new Ipv4Subnet(value, subnet.PrefixLength);
        }

        var pool = network.IpRange ?? subnet;
        uint first = Math.Max(pool.First, subnet.First + 1);
        uint last = Math.Min(pool.Last, subnet.Last - 1);
        if (first <= last)
        {
            // Serial, as libnetwork's IPAM hands out endpoint addresses: the search starts after the
            // last address given, so one just released is not reused at once while its old namespace
            // (and veth, with the same derived MAC) may still be going away and peers may still have
            // it in their ARP caches.
            uint start = _lastIpv4.TryGetValue(network.Id, out uint previous) && previous >= first && previous < last ? previous + 1 : first;
            ulong size = (ulong)last - first + 1;
            for (ulong step = 0; step < size; step++)
            {
                uint candidate = (uint)(first + ((start - first + step) % size));
                if (candidate != gateway.Value && !used.Contains(candidate))
                {
                    _lastIpv4[network.Id] = candidate;
                    return new Ipv4Subnet(candidate, subnet.PrefixLength);
                }
            }
        }

        throw EngineException.Forbidden($"no available IPv4 addresses on this network's address pools: {network.Name} ({network.Id})");
    }

    private static string NextInterfaceName(IReadOnlyList<EndpointRecord> existing)
    {
        for (int i = 0; ; i++)
        {
            string name = $"eth{i}";
            if (existing.All(e => e.InterfaceName != name))
            {
                return name;
            }
        }
    }

    /// <summary>veth pair with the peer created inside the namespace, then address, link and route set
    /// from a thread that joined the namespace. Undone on failure: deleting the host end removes both.</summary>
    private static void Plumb(NetworkRecord network, EndpointRecord endpoint, byte[] mac, bool defaultRoute, bool defaultRoute6)
    {
        using var netlink = new RouteNetlink();
        int bridge = netlink.GetLinkIndex(network.BridgeName!) ?? throw EngineException.Internal($"bridge {network.BridgeName} of network {network.Name} is missing");
        using (var netns = NamespaceHandle.Open(endpoint.NetnsPath))
        {
            netlink.CreateVeth(endpoint.HostVeth, bridge, network.Mtu, endpoint.InterfaceName, mac, netns.Fd);
        }

        try
        {
            netlink.SetUp(netlink.GetLinkIndex(endpoint.HostVeth) ?? throw EngineException.Internal($"veth {endpoint.HostVeth} vanished"));
            IPAddress gateway = network.Gateway!.Value.Address;
            NetworkNamespaces.Run(endpoint.NetnsPath, () =>
            {
                using var inner = new RouteNetlink();
                int index = inner.GetLinkIndex(endpoint.InterfaceName) ?? throw EngineException.Internal($"{endpoint.InterfaceName} missing in {endpoint.NetnsPath}");
                inner.AddAddress(index, endpoint.Address);
                if (endpoint.Address6 is { } address6)
                {
                    // A new namespace may inherit disable_ipv6=1 from the host's defaults; this thread is in the container's netns.
                    Sysctl.Write($"net/ipv6/conf/all/disable_ipv6", "0");
                    Sysctl.Write($"net/ipv6/conf/{endpoint.InterfaceName}/disable_ipv6", "0");
                    inner.AddAddress(index, address6);
                }

                inner.SetUp(index);
                if (defaultRoute)
                {
                    inner.AddDefaultRoute(gateway, index);
                }

                if (defaultRoute6 && endpoint.Address6 is not null)
                {
                    inner.AddDefaultRoute(network.Gateway6!.Value.Address, index);
                }

                return true;
            });
        }
        catch
        {
            if (netlink.GetLinkIndex(endpoint.HostVeth) is { } index)
            {
                netlink.DeleteLink(index);
            }

            throw;
        }
    }

    private static EndpointConfig ToConfig(NetworkRecord network, EndpointRecord e) => new()
    {
        NetworkId = network.Id,
        NetworkName = network.Name,
        EndpointId = e.EndpointId,
        InterfaceName = e.InterfaceName,
        IPAddress = e.Address.Address.ToString(),
        PrefixLen = e.Address.PrefixLength,
        Gateway = network.Internal ? "" : network.Gateway!.Value.Address.ToString(),
        MacAddress = e.MacAddress,
        GlobalIPv6Address = e.Address6?.Address.ToString() ?? "",
        GlobalIPv6PrefixLen = e.Address6?.PrefixLength ?? 0,
        IPv6Gateway = network.Internal || e.Address6 is null ? "" : network.Gateway6!.Value.Address.ToString(),
        Aliases = e.Aliases,
        HostInterface = e.HostVeth,
    };
}
