using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

internal static partial class ContainerRequestBuilder
{
    /// <summary>
    /// opts.go parseNetworkOpts for the single --network the CLI takes: --network-alias, --link,
    /// --ip, --ip6 and --mac-address land on that network's endpoint. A named network whose
    /// endpoint would be empty is left out, as docker does, so the daemon makes its own.
    /// </summary>
    private static JsonObject BuildEndpoints(ParsedArgs args)
    {
        var mac = args.String("mac-address");
        if (!string.IsNullOrEmpty(mac) && !IsMacAddress(mac))
        {
            throw new ContainerOptionException($"{mac} is not a valid mac address");
        }

        var network = args.String("network");
        var target = network ?? "default";
        var userDefined = IsUserDefinedNetwork(target);
        var aliases = args.List("network-alias");
        if (aliases.Count > 0 && !userDefined)
        {
            throw new ContainerOptionException("network-scoped aliases are only supported for user-defined networks");
        }

        // On the default bridge --link is a legacy link (HostConfig.Links only); on a user network it is also an endpoint alias.
        var links = userDefined ? args.List("link") : [];
        var ipv4 = args.String("ip") ?? string.Empty;
        var ipv6 = args.String("ip6") ?? string.Empty;
        var endpoint = EmptyEndpoint();
        var customised = false;
        if (ipv4.Length > 0 || ipv6.Length > 0)
        {
            var ipam = new JsonObject();
            if (ipv4.Length > 0)
            {
                ipam["IPv4Address"] = ipv4;
            }

            if (ipv6.Length > 0)
            {
                ipam["IPv6Address"] = ipv6;
            }

            endpoint["IPAMConfig"] = ipam;
            customised = true;
        }

        if (links.Count > 0)
        {
            endpoint["Links"] = Strings(links);
            customised = true;
        }

        if (aliases.Count > 0)
        {
            endpoint["Aliases"] = Strings(aliases);
            customised = true;
        }

        if (!string.IsNullOrEmpty(mac))
        {
            endpoint["MacAddress"] = mac;
            customised = true;
        }

        return network is null || customised ? new JsonObject { [target] = endpoint } : new JsonObject();
    }

    /// <summary>container.NetworkMode.IsUserDefined.</summary>
    private static bool IsUserDefinedNetwork(string mode) =>
        mode is not ("default" or "bridge" or "host" or "none") && !mode.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>net.ParseMAC: 6, 8 or 20 octets as xx:xx / xx-xx pairs or xxxx.xxxx groups.</summary>
    private static bool IsMacAddress(string value)
    {
        if (value.Length >= 14 && value[4] == '.')
        {
            var groups = value.Split('.');
            return groups.Length is 3 or 4 or 10 && groups.All(g => g.Length == 4 && IsHex(g));
        }

        if (value.Length >= 17 && value[2] is ':' or '-')
        {
            var pairs = value.Split(value[2]);
            return pairs.Length is 6 or 8 or 20 && pairs.All(p => p.Length == 2 && IsHex(p));
        }

        return false;
    }

    private static bool IsHex(string text) => int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
}
