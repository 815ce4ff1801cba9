using System.Globalization;
using Berth.Api.Models.Containers;
using Berth.Api.Models.Networks;
using Domain = Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>The engine's networks and published ports → inspect's NetworkSettings, ps's Ports and Networks.</summary>
internal static class NetworkSettingsProjection
{
    public static NetworkSettings Inspect(Domain.ContainerInfo info)
    {
        // Docker fills the top-level address fields from the default bridge endpoint only.
        var bridge = info.Networks.FirstOrDefault(n => n.NetworkName == "bridge")?.Endpoint;
        return new NetworkSettings
        {
            SandboxID = info.SandboxId,
            SandboxKey = info.SandboxKey,
            Ports = info.State.Running ? Ports(info) : new Dictionary<string, IReadOnlyList<PortBinding>?>(),
            EndpointID = bridge?.EndpointId ?? "",
            Gateway = bridge?.Gateway ?? "",
            IPAddress = bridge?.IPAddress ?? "",
            IPPrefixLen = bridge?.PrefixLen ?? 0,
            MacAddress = bridge?.MacAddress ?? "",
            GlobalIPv6Address = bridge?.GlobalIPv6Address ?? "",
            GlobalIPv6PrefixLen = bridge?.GlobalIPv6PrefixLen ?? 0,
            IPv6Gateway = bridge?.IPv6Gateway ?? "",
            Networks = Networks(info),
        };
    }

    /// <summary>Every exposed or bound port: its host bindings, or null when it is not published.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?> Ports(Domain.ContainerInfo info)
    {
        var ports = new SortedDictionary<string, IReadOnlyList<PortBinding>?>(StringComparer.Ordinal);
        foreach (string key in info.Config.ExposedPorts)
        {
            ports[Normalize(key)] = null;
        }
        foreach (var group in info.PublishedPorts.GroupBy(p => Key(p.ContainerPort, p.Protocol)))
        {
            ports[group.Key] = group.Select(p => new PortBinding { HostIp = p.HostIp, HostPort = p.HostPort }).ToArray();
        }
        return ports;
    }

    /// <summary>ps's Ports: one entry per published binding, and the exposed ports that are not published.</summary>
    public static PortSummary[] Summary(Domain.ContainerInfo info)
    {
        if (!info.State.Running)
        {
            return [];
        }
        var result = new List<PortSummary>();
        foreach (var (key, bindings) in Ports(info))
        {
            var (port, protocol) = NetworkingConfigMapper.ParsePort(key);
            if (bindings is null)
            {
                result.Add(new PortSummary { PrivatePort = port, Type = protocol });
                continue;
            }
            foreach (var b in bindings)
            {
                result.Add(new PortSummary
                {
                    IP = b.HostIp,
                    PrivatePort = port,
                    PublicPort = int.TryParse(b.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out int hostPort) ? hostPort : null,
                    Type = protocol,
                });
            }
        }
        return [.. result];
    }

    public static IReadOnlyDictionary<string, EndpointSettings> Networks(Domain.ContainerInfo info)
    {
        if (info.Networks.Count == 0)
        {
            // No network service (or container: mode): what Docker shows for host mode is still known.
            return info.Spec.NetworkMode == "host"
                ? new Dictionary<string, EndpointSettings> { ["host"] = new() }
                : new Dictionary<string, EndpointSettings>();
        }
        var result = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        foreach (var n in info.Networks)
        {
            var e = n.Endpoint;
            bool userDefined = n.NetworkName is not ("bridge" or "host" or "none");
            result[n.NetworkName] = new EndpointSettings
            {
                IPAMConfig = n.Request.IPv4Address is { Length: > 0 } || n.Request.IPv6Address is { Length: > 0 }
                    ? new NetworkEndpointIpamConfig { IPv4Address = NullIfEmpty(n.Request.IPv4Address), IPv6Address = NullIfEmpty(n.Request.IPv6Address) }
                    : null,
                Links = n.Request.Links.Count == 0 ? null : n.Request.Links,
                Aliases = n.Request.Aliases.Count == 0 ? null : n.Request.Aliases,
                MacAddress = e?.MacAddress ?? n.Request.MacAddress ?? "",
                NetworkID = n.NetworkId,
                EndpointID = e?.EndpointId ?? "",
                Gateway = e?.Gateway ?? "",
                IPAddress = e?.IPAddress ?? "",
                IPPrefixLen = e?.PrefixLen ?? 0,
                IPv6Gateway = e?.IPv6Gateway ?? "",
                GlobalIPv6Address = e?.GlobalIPv6Address ?? "",
                GlobalIPv6PrefixLen = e?.GlobalIPv6PrefixLen ?? 0,
                DNSNames = userDefined ? DnsNames(info, n) : null,
            };
        }
        return result;
    }

    /// <summary>moby's buildEndpointDNSNames: name, aliases, short ID, hostname.</summary>
    private static string[] DnsNames(Domain.ContainerInfo info, Domain.ContainerNetwork n) =>
        new[] { info.Name.TrimStart('/') }
            .Concat(n.Request.Aliases)
            .Append(info.Id[..Math.Min(12, info.Id.Length)])
            .Concat(string.IsNullOrEmpty(info.Config.Hostname) ? [] : [info.Config.Hostname])
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Normalize(string key)
    {
        var (port, protocol) = NetworkingConfigMapper.ParsePort(key);
        return Key(port, protocol);
    }

    private static string Key(int port, string protocol) =>
        port.ToString(CultureInfo.InvariantCulture) + "/" + (string.IsNullOrEmpty(protocol) ? "tcp" : protocol.ToLowerInvariant());
}
