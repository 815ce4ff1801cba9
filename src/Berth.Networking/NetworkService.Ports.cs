using System.Globalization;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Dns;
using Berth.Networking.Proxy;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>Published ports (kernel DNAT, the in-daemon userland proxy where DNAT cannot serve) and the container's resolv.conf.</summary>
public sealed partial class NetworkService
{
    public async Task<IReadOnlyList<PortBinding>> PublishAsync(string containerId, IReadOnlyList<PortBinding> bindings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var networks = _store.ListNetworks();
            // Ports go to the first network that has a way out, as Docker's sandbox does; none = not published.
            var target = _store.ListEndpointsOfContainer(containerId)
                .Select(e => (Endpoint: e, Network: networks.First(n => n.Id == e.NetworkId)))
                .FirstOrDefault(x => !x.Network.Internal);
            if (bindings.Count == 0 || target.Endpoint is null)
            {
                return [];
            }

            var published = _store.ListPorts().ToList();
            var added = new List<PortRecord>();
            var result = new List<PortBinding>();
            foreach (var binding in bindings)
            {
                foreach (var record in Allocate(containerId, binding, target.Endpoint, target.Network, published))
                {
                    published.Add(record);
                    added.Add(record);
                    result.Add(binding with { HostIp = record.HostIp, HostPort = record.HostPort.ToString(CultureInfo.InvariantCulture) });
                }
            }

            try
            {
                // Proxies bind first: a host port taken by another program fails before any rule or record exists.
                foreach (var record in added.Where(UserlandProxy.IsNeeded))
                {
                    _proxy.Start(record);
                }

                _store.InsertPorts(added);
                await ApplyFirewallAsync(cancellationToken);
            }
            catch
            {
                foreach (var record in added)
                {
                    await _proxy.StopAsync(record);
                }

                _store.DeletePorts(containerId);
                throw;
            }

            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task UnpublishAsync(string containerId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await _proxy.StopContainerAsync(containerId);
            if (_store.DeletePorts(containerId) > 0)
            {
                await ApplyFirewallAsync(cancellationToken);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<string> GetResolvConfAsync(string containerId, IReadOnlyList<string> dns, IReadOnlyList<string> dnsSearch,
        IReadOnlyList<string> dnsOptions, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var networks = _store.ListNetworks();
        var embedded = _store.ListEndpointsOfContainer(containerId)
            .Select(e => networks.First(n => n.Id == e.NetworkId))
            .FirstOrDefault(n => n.IsBridge && !n.IsDefaultBridge);
        var host = File.Exists(_options.ResolvConfPath) ? File.ReadAllLines(_options.ResolvConfPath) : [];
        var servers = new List<string>();
        if (embedded is not null)
        {
            // Names of the network first; --dns servers after it as fallbacks for other names.
            servers.Add(embedded.Gateway!.Value.Address.ToString());
            servers.AddRange(dns);
        }
        else
        {
            servers.AddRange(dns.Count > 0 ? dns : DnsForwarder.ReadResolvConf(_options.ResolvConfPath)
                .Where(s => !System.Net.IPAddress.IsLoopback(s.Address))
                .Select(s => s.Address.ToString()));
            if (servers.Count == 0)
            {
                // What Docker falls back to when the host only has a loopback resolver.
                servers.AddRange(["8.8.8.8", "8.8.4.4"]);
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var server in servers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }

        var search = dnsSearch.Count > 0 ? dnsSearch : HostValues(host, "search");
        if (search.Count > 0)
        {
            text.Append("search ").Append(string.Join(' ', search)).Append('\n');
        }

        var options = (dnsOptions.Count > 0 ? dnsOptions : HostValues(host, "options")).ToList();
        if (embedded is not null && !options.Any(o => o.StartsWith("ndots:", StringComparison.Ordinal)))
        {
            // As Docker's embedded DNS does: a bare container name is asked as-is, before any search domain.
            options.Add("ndots:0");
        }
        if (options.Count > 0)
        {
            text.Append("options ").Append(string.Join(' ', options)).Append('\n');
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> HostValues(string[] lines, string keyword) => lines
        .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        .Where(parts => parts.Length > 1 && parts[0] == keyword)
        .SelectMany(parts => parts.Skip(1))
        .ToList();

    /// <summary>
    /// One record per host address; the default binding (no host IP) also gets the same port on :: (unless the host
    /// has no IPv6), as Docker publishes it on both families. IPv6 host addresses go to the container's IPv6
    /// address when it has one, else to its IPv4 address through the userland proxy, which also serves ::1
    /// (<see cref="UserlandProxy.IsNeeded"/>); everything else is a DNAT rule.
    /// </summary>
    private static List<PortRecord> Allocate(string containerId, PortBinding binding, EndpointRecord endpoint, NetworkRecord network, IReadOnlyList<PortRecord> published)
    {
        string protocol = string.IsNullOrEmpty(binding.Protocol) ? "tcp" : binding.Protocol.ToLowerInvariant();
        if (protocol is not ("tcp" or "udp"))
        {
            throw EngineException.InvalidArgument($"invalid proto: {binding.Protocol}");
        }

        if (binding.ContainerPort is < 1 or > 65535)
        {
            throw EngineException.InvalidArgument($"invalid containerPort: {binding.ContainerPort}");
        }

        string[] hostIps = HostAddresses(binding.HostIp, endpoint);
        string hostIp = hostIps[0];
        int port;
        if (string.IsNullOrEmpty(binding.HostPort) || binding.HostPort == "0")
        {
            port = PortAllocator.PickRandom(published, protocol, hostIps)
                ?? throw EngineException.Conflict($"Bind for {hostIp}:0 failed: no free port in {PortAllocator.RandomFirst}-{PortAllocator.RandomLast}");
        }
        else if (int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535)
        {
            foreach (var ip in hostIps.Where(ip => PortAllocator.IsTaken(published, protocol, ip, port)))
            {
                throw EngineException.Conflict($"Bind for {(ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip)}:{port} failed: port is already allocated");
            }
        }
        else
        {
            throw EngineException.InvalidArgument($"invalid hostPort: {binding.HostPort}");
        }

        return hostIps.Select(ip => new PortRecord(containerId, protocol, ip, port,
            ip.Contains(':', StringComparison.Ordinal) && endpoint.Address6 is { } address6 ? address6.Address.ToString() : endpoint.Address.Address.ToString(),
            binding.ContainerPort, network.BridgeName!)).ToList();
    }

    private static readonly Lazy<bool> s_hostHasIpv6 = new(() =>
        System.Net.Sockets.Socket.OSSupportsIPv6 && Sysctl.Read("net/ipv6/conf/all/disable_ipv6") == "0");

    private static string[] HostAddresses(string? requested, EndpointRecord endpoint)
    {
        if (string.IsNullOrEmpty(requested))
        {
            // Docker 20.10 publishes a port without a host address on :: too; for a container with no
            // IPv6 address its proxy carries [::]:P to the IPv4 one. Not where the host has no IPv6.
            return endpoint.Address6 is not null || s_hostHasIpv6.Value ? ["0.0.0.0", "::"] : ["0.0.0.0"];
        }

        string trimmed = requested.Trim('[', ']');
        if (Ipv4Subnet.TryParseAddress(trimmed, out _))
        {
            return [trimmed];
        }

        if (!Ipv6Subnet.TryParseAddress(trimmed, out var address6))
        {
            throw EngineException.InvalidArgument($"invalid host IP {requested}");
        }

        return [address6.ToString()];
    }
}
