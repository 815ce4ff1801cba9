using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Netlink;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>Create, inspect, list, remove and prune networks.</summary>
public sealed partial class NetworkService
{
    private const string BridgeNameOption = "com.docker.network.bridge.name";
    private const string MasqueradeOption = "com.docker.network.bridge.enable_ip_masquerade";
    private const string IccOption = "com.docker.network.bridge.enable_icc";
    private const string MtuOption = "com.docker.network.driver.mtu";

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();

    public async Task<NetworkInfo> CreateAsync(NetworkCreateSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            NetworkRecord record;
            bool created;
            using (await Ipam.HostSubnetLock.AcquireAsync(cancellationToken))
            {
                record = Plan(spec, _store.ListNetworks());
                created = EnsureBridge(record);
            }
            try
            {
                _store.InsertNetwork(record);
                await ApplyFirewallAsync(cancellationToken);
            }
            catch
            {
                _store.DeleteNetwork(record.Id);
                if (created)
                {
                    DeleteLinkQuietly(record.BridgeName!);
                }

                throw;
            }

            await StartDnsAsync(record);
            RefreshDns();
            return ToInfo(record, []);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<NetworkInfo>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var endpoints = _store.ListEndpoints();
        return _store.ListNetworks()
            .Select(n => ToInfo(n, endpoints.Where(e => e.NetworkId == n.Id).ToList()))
            .Where(n => NetworkFilters.Matches(n, filters))
            .ToList();
    }

    public async Task<NetworkInfo> GetAsync(string nameOrId, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var network = Resolve(nameOrId);
        return ToInfo(network, _store.ListEndpoints().Where(e => e.NetworkId == network.Id).ToList());
    }

    public async Task RemoveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await RemoveLockedAsync(Resolve(nameOrId), cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<string>> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var endpoints = _store.ListEndpoints();
            var removed = new List<string>();
            foreach (var network in _store.ListNetworks().Where(n => !n.Predefined && endpoints.All(e => e.NetworkId != n.Id)))
            {
                if (NetworkFilters.MatchesPrune(ToInfo(network, []), filters))
                {
                    await RemoveLockedAsync(network, cancellationToken);
                    removed.Add(network.Name);
                }
            }

            return removed;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task RemoveLockedAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        if (network.Predefined)
        {
            throw EngineException.Forbidden($"{network.Name} is a pre-defined network and cannot be removed");
        }

        if (!_store.DeleteNetwork(network.Id))
        {
            throw EngineException.Forbidden($"error while removing network: network {network.Name} id {network.Id} has active endpoints");
        }

        await StopDnsAsync(network.Id);
        RefreshDns();
        await ApplyFirewallAsync(cancellationToken);
        DeleteLinkQuietly(network.BridgeName!);
    }

    /// <summary>Validates the request and decides bridge name, subnet and gateway, as Docker's bridge driver does.</summary>
    private NetworkRecord Plan(NetworkCreateSpec spec, IReadOnlyList<NetworkRecord> networks)
    {
        if (string.IsNullOrEmpty(spec.Name) || !ValidName().IsMatch(spec.Name))
        {
            throw EngineException.InvalidArgument($"invalid network name \"{spec.Name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }

        string driver = string.IsNullOrEmpty(spec.Driver) ? "bridge" : spec.Driver;
        if (driver is "host" or "null")
        {
            throw EngineException.Forbidden($"only one instance of \"{driver}\" network is allowed");
        }

        if (driver != "bridge")
        {
            throw EngineException.NotFound($"plugin \"{driver}\" not found");
        }

        if (networks.Any(n => n.Name == spec.Name))
        {
            throw EngineException.Conflict($"network with name {spec.Name} already exists");
        }

        var ipam = spec.Ipam ?? new IpamSpec();
        if (!string.IsNullOrEmpty(ipam.Driver) && ipam.Driver != "default")
        {
            throw EngineException.NotFound($"plugin \"{ipam.Driver}\" not found");
        }

        var v4Pools = ipam.Config.Where(p => !IsIpv6Pool(p)).ToList();
        if (v4Pools.Count > 1)
        {
            throw EngineException.InvalidArgument("only one IPv4 pool per network is supported");
        }

        var pool = v4Pools.FirstOrDefault();
        Ipv4Subnet subnet;
        bool userSubnet = !string.IsNullOrEmpty(pool?.Subnet);
        if (userSubnet)
        {
            if (!Ipv4Subnet.TryParse(pool!.Subnet, out var parsed))
            {
                throw EngineException.InvalidArgument($"invalid subnet {pool.Subnet} : invalid CIDR address: {pool.Subnet}");
            }

            subnet = parsed.Subnet;
            if (subnet.PrefixLength > 30)
            {
                throw EngineException.InvalidArgument($"subnet {subnet} is too small: at least a /30 is needed");
            }

            if (networks.Any(n => n.Gateway is { } g && g.Subnet.Overlaps(subnet)))
            {
                throw EngineException.Forbidden("Pool overlaps with other one on this address space");
            }
        }
        else
        {
            subnet = ChooseSubnet(networks);
        }

        Ipv4Subnet? range = null;
        if (!string.IsNullOrEmpty(pool?.IPRange))
        {
            if (!Ipv4Subnet.TryParse(pool.IPRange, out var parsedRange) || !subnet.Contains(parsedRange.First) || !subnet.Contains(parsedRange.Last))
            {
                throw EngineException.InvalidArgument($"no matching subnet for range {pool.IPRange}");
            }

            range = parsedRange.Subnet;
        }

        uint gateway = subnet.First + 1;
        if (!string.IsNullOrEmpty(pool?.Gateway))
        {
            if (!Ipv4Subnet.TryParseAddress(pool.Gateway, out var parsedGateway) || !subnet.Contains(parsedGateway))
            {
                throw EngineException.InvalidArgument($"no matching subnet for gateway {pool.Gateway}");
            }

            gateway = Ipv4Subnet.ToUInt32(parsedGateway);
        }

        string id = RandomIds.NewId();
        string bridgeName = spec.Options.TryGetValue(BridgeNameOption, out var named) && named.Length > 0 ? named : "bt-" + id[..12];
        if (bridgeName.Length > 15 || networks.Any(n => n.BridgeName == bridgeName))
        {
            throw EngineException.InvalidArgument($"bridge name {bridgeName} is invalid or already used by another network");
        }

        var (gateway6, userSubnet6, pool6) = PlanIpv6(spec.EnableIPv6, ipam, networks);
        var ipamPools = ipam.Config.Where(p => p != pool && !IsIpv6Pool(p)).Prepend(new IpamPoolConfig
        {
            Subnet = subnet.ToString(),
            IPRange = range?.ToString(),
            Gateway = Ipv4Subnet.FromUInt32(gateway).ToString(),
        }).Concat(pool6 is null ? [] : [pool6]).ToList();
        return new NetworkRecord
        {
            Id = id,
            Name = spec.Name,
            Driver = driver,
            Created = DateTimeOffset.UtcNow,
            Internal = spec.Internal,
            Attachable = spec.Attachable,
            EnableIPv6 = spec.EnableIPv6,
            BridgeName = bridgeName,
            Gateway = new Ipv4Subnet(gateway, subnet.PrefixLength),
            IpRange = range,
            UserSubnet = userSubnet,
            Gateway6 = gateway6,
            UserSubnet6 = userSubnet6,
            Mtu = IntOption(spec.Options, MtuOption, _options.DefaultMtu),
            Masquerade = BoolOption(spec.Options, MasqueradeOption, true),
            InterContainer = BoolOption(spec.Options, IccOption, true),
            Ipam = new IpamSpec { Driver = "default", Config = ipamPools, Options = ipam.Options },
            Options = spec.Options,
            Labels = spec.Labels,
        };
    }

    private static NetworkInfo ToInfo(NetworkRecord n, IReadOnlyList<EndpointRecord> endpoints) => new()
    {
        Id = n.Id,
        Name = n.Name,
        Created = n.Created,
        Driver = n.Driver,
        EnableIPv6 = n.EnableIPv6,
        Ipam = n.Ipam,
        Internal = n.Internal,
        Attachable = n.Attachable,
        Predefined = n.Predefined,
        Options = n.Options,
        Labels = n.Labels,
        Containers = endpoints.ToDictionary(
            e => e.ContainerId,
            e => new NetworkEndpointInfo(e.ContainerName.TrimStart('/'), e.EndpointId, e.MacAddress, e.Address.ToString(), e.Address6?.ToString() ?? ""),
            StringComparer.Ordinal),
    };

    private static int IntOption(IReadOnlyDictionary<string, string> options, string key, int fallback)
    {
        if (!options.TryGetValue(key, out var text) || text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 68 and <= 65535
            ? value
            : throw EngineException.InvalidArgument($"invalid value for {key}: {text}");
    }

    private static bool BoolOption(IReadOnlyDictionary<string, string> options, string key, bool fallback)
    {
        if (!options.TryGetValue(key, out var text) || text.Length == 0)
        {
            return fallback;
        }

        return bool.TryParse(text, out bool value) ? value : throw EngineException.InvalidArgument($"invalid value for {key}: {text}");
    }
}
