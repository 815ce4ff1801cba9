using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Networks;

/// <summary>
/// docker's consolidateIpam: each --ip-range and --gateway joins the --subnet that contains it; one
/// of each per subnet. Errors are docker's.
/// </summary>
internal static class IpamPools
{
    public static JsonArray Build(IReadOnlyList<string> subnets, IReadOnlyList<string> ranges, IReadOnlyList<string> gateways)
    {
        if (subnets.Count < ranges.Count || subnets.Count < gateways.Count)
        {
            throw new StatusException("every ip-range or gateway must have a corresponding subnet");
        }

        var pools = new List<(string Subnet, IPNetwork Network, string? Range, string? Gateway)>();
        foreach (var subnet in subnets)
        {
            var network = ParseNetwork(subnet);
            if (pools.Any(p => p.Network.Contains(network.BaseAddress) || network.Contains(p.Network.BaseAddress)))
            {
                throw new StatusException("multiple overlapping subnet configuration is not supported");
            }

            pools.Add((subnet, network, null, null));
        }

        foreach (var range in ranges)
        {
            var network = ParseNetwork(range);
            var index = pools.FindIndex(p => p.Network.Contains(network.BaseAddress));
            if (index < 0)
            {
                throw new StatusException($"no matching subnet for range {range}");
            }

            if (pools[index].Range is { } other)
            {
                throw new StatusException($"cannot configure multiple ranges ({range}, {other}) on the same subnet ({pools[index].Subnet})");
            }

            pools[index] = pools[index] with { Range = range };
        }

        foreach (var gateway in gateways)
        {
            if (!IPAddress.TryParse(gateway, out var address))
            {
                throw new StatusException($"invalid gateway address: {gateway}");
            }

            var index = pools.FindIndex(p => p.Network.Contains(address));
            if (index < 0)
            {
                throw new StatusException($"no matching subnet for gateway {gateway}");
            }

            if (pools[index].Gateway is { } other)
            {
                throw new StatusException($"cannot configure multiple gateways ({gateway}, {other}) for the same subnet ({pools[index].Subnet})");
            }

            pools[index] = pools[index] with { Gateway = gateway };
        }

        var config = new JsonArray();
        foreach (var pool in pools)
        {
            var item = new JsonObject { ["Subnet"] = pool.Subnet };
            if (pool.Range is not null)
            {
                item["IPRange"] = pool.Range;
            }

            if (pool.Gateway is not null)
            {
                item["Gateway"] = pool.Gateway;
            }

            config.Add((JsonNode)item);
        }

        return config;
    }

    // The host bits may be set ("10.1.2.3/16"), as Go's net.ParseCIDR allows.
    private static IPNetwork ParseNetwork(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address)
            || !int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            || bits > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            throw new StatusException($"invalid CIDR address: {cidr}");
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPNetwork(new IPAddress(bytes), bits);
    }
}
