using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Ipam;
using Berth.Networking.Netlink;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>Kernel side of networks: bridges and their addresses, predefined networks, subnet choice.</summary>
public sealed partial class NetworkService
{
    private void CreatePredefined(IReadOnlyList<NetworkRecord> existing)
    {
        Ipv4Subnet gateway;
        if (_options.DefaultBridgeAddress is { } configured)
        {
            if (!Ipv4Subnet.TryParse(configured, out gateway) || gateway.Value == gateway.First)
            {
                throw EngineException.InvalidArgument($"invalid default bridge address {configured}: want the gateway with its prefix, like 172.30.0.1/16");
            }
        }
        else
        {
            var subnet = ChooseSubnet(existing);
            gateway = new Ipv4Subnet(subnet.First + 1, subnet.PrefixLength);
        }

        var now = DateTimeOffset.UtcNow;
        var bridge = new NetworkRecord
        {
            Id = RandomIds.NewId(),
            Name = "bridge",
            Driver = "bridge",
            Created = now,
            Predefined = true,
            BridgeName = _options.DefaultBridgeName,
            Gateway = gateway,
            Mtu = _options.DefaultMtu,
            Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = gateway.Subnet.ToString(), Gateway = gateway.Address.ToString() }] },
            Options = new Dictionary<string, string>
            {
                ["com.docker.network.bridge.default_bridge"] = "true",
                ["com.docker.network.bridge.enable_icc"] = "true",
                ["com.docker.network.bridge.enable_ip_masquerade"] = "true",
                ["com.docker.network.bridge.host_binding_ipv4"] = "0.0.0.0",
                ["com.docker.network.bridge.name"] = _options.DefaultBridgeName,
                ["com.docker.network.driver.mtu"] = _options.DefaultMtu.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        _store.InsertNetwork(bridge);
        _store.InsertNetwork(new NetworkRecord { Id = RandomIds.NewId(), Name = "host", Driver = "host", Created = now, Predefined = true, Ipam = new IpamSpec() });
        _store.InsertNetwork(new NetworkRecord { Id = RandomIds.NewId(), Name = "none", Driver = "null", Created = now, Predefined = true, Ipam = new IpamSpec() });
    }

    /// <summary>The first default pool that overlaps no Berth network, no route and no address of the host.</summary>
    private static Ipv4Subnet ChooseSubnet(IReadOnlyList<NetworkRecord> networks)
    {
        using var netlink = new RouteNetlink();
        var taken = networks.Where(n => n.Gateway is not null).Select(n => n.Gateway!.Value.Subnet)
            .Concat(netlink.ListRouteDestinations())
            .Concat(netlink.ListAddresses().Select(a => a.Address.Subnet));
        return AddressPools.FirstFree(taken)
            ?? throw EngineException.Forbidden("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    /// <summary>Creates the bridge when missing (first use, reboot), gives it the gateway address and brings it up.
    /// Returns true when the bridge had to be created.</summary>
    private bool EnsureBridge(NetworkRecord network)
    {
        string name = network.BridgeName!;
        bool created = false;
        using var netlink = new RouteNetlink();
        if (netlink.GetLinkIndex(name) is not { } index)
        {
            netlink.CreateBridge(name, network.Mtu);
            index = netlink.GetLinkIndex(name) ?? throw EngineException.Internal($"bridge {name} vanished after creation");
            created = true;
        }

        try
        {
            netlink.AddAddress(index, network.Gateway!.Value);
            netlink.SetUp(index);
            // Published 127.0.0.1 ports are DNATed to this bridge; the kernel drops 127/8 sources on
            // other interfaces unless route_localnet is set (Docker does the same without docker-proxy).
            File.WriteAllText($"/proc/sys/net/ipv4/conf/{name}/route_localnet", "1");
            if (network.Gateway6 is { } gateway6)
            {
                // The bridge is a router for its subnet: it must have IPv6 on and must not autoconfigure from RAs.
                Sysctl.Write($"net/ipv6/conf/{name}/disable_ipv6", "0");
                Sysctl.Write($"net/ipv6/conf/{name}/accept_ra", "0");
                netlink.AddAddress(index, gateway6);
            }
        }
        catch
        {
            if (created)
            {
                netlink.DeleteLink(index);
            }

            throw;
        }

        if (created && network.Predefined is false && _store.ListEndpoints().Any(e => e.NetworkId == network.Id))
        {
            NetworkingLog.BridgeRecreated(_logger, network.Name, name, network.Gateway!.Value.ToString());
        }

        return created;
    }
}
