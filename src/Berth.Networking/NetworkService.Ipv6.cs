using System.Net;
using System.Security.Cryptography;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Netlink;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>
/// IPAM for IPv6-enabled networks: one IPv6 pool per network, the user's subnet or else a random
/// RFC 4193 ULA /64 (Docker 27+ also hands out ULA /64s from fd00::/8 when no subnet is given);
/// the gateway is the subnet's ::1 unless given; container addresses are handed out in order.
/// </summary>
public sealed partial class NetworkService
{
    private const int DefaultIpv6PrefixLength = 64;

    private static bool IsIpv6Pool(IpamPoolConfig pool) =>
        pool.Subnet is { Length: > 0 } subnet ? subnet.Contains(':', StringComparison.Ordinal) : pool.Gateway?.Contains(':', StringComparison.Ordinal) == true;

    /// <summary>The IPv6 gateway/subnet of a new network, whether the user chose it, and the pool inspect shows.
    /// IPv6 pools of a network without EnableIPv6 are kept as given but not used, as older Dockers did.</summary>
    private static (Ipv6Subnet? Gateway, bool UserSubnet, IpamPoolConfig? Pool) PlanIpv6(bool enabled, IpamSpec ipam, IReadOnlyList<NetworkRecord> networks)
    {
        var pools = ipam.Config.Where(IsIpv6Pool).ToList();
        if (pools.Count > 1)
        {
            throw EngineException.InvalidArgument("only one IPv6 pool per network is supported");
        }

        var pool = pools.FirstOrDefault();
        if (!enabled)
        {
            return (null, false, pool);
        }

        Ipv6Subnet subnet;
        bool user = !string.IsNullOrEmpty(pool?.Subnet);
        if (user)
        {
            if (!Ipv6Subnet.TryParse(pool!.Subnet, out var parsed))
            {
                throw EngineException.InvalidArgument($"invalid subnet {pool.Subnet} : invalid CIDR address: {pool.Subnet}");
            }

            subnet = parsed.Subnet;
            if (subnet.PrefixLength > 126)
            {
                throw EngineException.InvalidArgument($"subnet {subnet} is too small: at least a /126 is needed");
            }

            if (networks.Any(n => n.Gateway6 is { } g && g.Subnet.Overlaps(subnet)))
            {
                throw EngineException.Forbidden("Pool overlaps with other one on this address space");
            }
        }
        else
        {
            subnet = ChooseSubnet6(networks);
        }

        if (!string.IsNullOrEmpty(pool?.IPRange) && (!Ipv6Subnet.TryParse(pool.IPRange, out var range) || !subnet.Contains(range.First) || !subnet.Contains(range.Last)))
        {
            throw EngineException.InvalidArgument($"no matching subnet for range {pool.IPRange}");
        }

        UInt128 gateway = subnet.First + 1;
        if (!string.IsNullOrEmpty(pool?.Gateway))
        {
            if (!Ipv6Subnet.TryParseAddress(pool.Gateway, out var parsedGateway) || !subnet.Contains(Ipv6Subnet.ToUInt128(parsedGateway)))
            {
                throw EngineException.InvalidArgument($"no matching subnet for gateway {pool.Gateway}");
            }

            gateway = Ipv6Subnet.ToUInt128(parsedGateway);
        }

        var gateway6 = new Ipv6Subnet(gateway, subnet.PrefixLength);
        return (gateway6, user, new IpamPoolConfig { Subnet = subnet.ToString(), IPRange = pool?.IPRange, Gateway = gateway6.Address.ToString() });
    }

    /// <summary>A random ULA /64 (fd + 40-bit random global ID + subnet 0) that overlaps no Berth network and no host route.</summary>
    private static Ipv6Subnet ChooseSubnet6(IReadOnlyList<NetworkRecord> networks)
    {
        using var netlink = new RouteNetlink();
        var taken = networks.Where(n => n.Gateway6 is not null).Select(n => n.Gateway6!.Value.Subnet).Concat(netlink.ListRouteDestinations6()).ToList();
        Span<byte> bytes = stackalloc byte[16];
        for (int attempt = 0; attempt < 16; attempt++)
        {
            bytes.Clear();
            bytes[0] = 0xfd;
            RandomNumberGenerator.Fill(bytes[1..6]);
            var candidate = new Ipv6Subnet(new IPAddress(bytes), DefaultIpv6PrefixLength);
            if (!taken.Any(candidate.Overlaps))
            {
                return candidate;
            }
        }

        throw EngineException.Forbidden("could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network");
    }

    /// <summary>The requested IPv6 address after Docker's checks, the lowest free one in the pool (IPRange if set),
    /// or null on networks without IPv6.</summary>
    private Ipv6Subnet? ChooseAddress6(NetworkRecord network, string? requested)
    {
        if (network.Gateway6 is not { } gateway)
        {
            if (!string.IsNullOrEmpty(requested))
            {
                throw EngineException.InvalidArgument("user specified IP address is supported only when connecting to networks with user configured subnets");
            }

            return null;
        }

        var subnet = gateway.Subnet;
        var used = _store.ListEndpoints().Where(e => e.NetworkId == network.Id && e.Address6 is not null).Select(e => e.Address6!.Value.Value).ToHashSet();
        if (!string.IsNullOrEmpty(requested))
        {
            if (!network.UserSubnet6)
            {
                throw EngineException.InvalidArgument("user specified IP address is supported only when connecting to networks with user configured subnets");
            }

            if (!Ipv6Subnet.TryParseAddress(requested, out var address))
            {
                throw EngineException.InvalidArgument($"invalid IPv6 address: {requested}");
            }

            var value = Ipv6Subnet.ToUInt128(address);
            if (!subnet.Contains(value))
            {
                throw EngineException.InvalidArgument($"Address {requested} is not in subnet {subnet}");
            }

            if (value == subnet.First || value == gateway.Value || used.Contains(value))
            {
                throw EngineException.Conflict("Address already in use");
            }

            return new Ipv6Subnet(value, subnet.PrefixLength);
        }

        var pool = network.Ipam.Config.Where(IsIpv6Pool).Select(p => Ipv6Subnet.TryParse(p.IPRange, out var r) ? r.Subnet : (Ipv6Subnet?)null).FirstOrDefault() ?? subnet;
        var start = pool.First > subnet.First ? pool.First : subnet.First + 1;
        // used holds at most a few thousand addresses, so this ends after at most used.Count + 2 steps.
        for (var candidate = start; pool.Contains(candidate) && candidate >= start; candidate++)
        {
            if (candidate != gateway.Value && !used.Contains(candidate))
            {
                return new Ipv6Subnet(candidate, subnet.PrefixLength);
            }
        }

        throw EngineException.Forbidden($"no available IPv6 addresses on this network's address pools: {network.Name} ({network.Id})");
    }
}
