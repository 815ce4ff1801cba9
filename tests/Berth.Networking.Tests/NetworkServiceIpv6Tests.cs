using System.Net;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Dns;
using Berth.Networking.Tests.Dns;
using Berth.Testing;

namespace Berth.Networking.Tests;

public sealed class NetworkServiceIpv6Tests
{
    /// <summary>A /64 of its own per test: fdb7:&lt;suffix&gt;::/64 (the host's own ULA is fd00::/64).</summary>
    // In canonical form (leading zeros dropped, as the service reports it): "…:0200::" is "…:200::".
    private static string Subnet(ServiceHarness h, int n = 0) =>
        System.Net.IPNetwork.Parse($"fdb7:{h.Suffix[..4]}:{h.Suffix[4..]}{n:x2}::/64").ToString();

    private static string Prefix(string subnet) => subnet[..subnet.IndexOf("::", StringComparison.Ordinal)];

    private static CliResult Ping6(string netns, string address) => Sh.InNetns(netns, "/bin/busybox", "ping", "-6", "-c", "1", "-W", "2", address);

    [RootFact]
    public async Task ContainersGetIpv6AddressesRoutesDnsAndPorts()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "v6-" + h.Suffix, subnet = Subnet(h), prefix = Prefix(subnet);
        var network = await h.Service.CreateAsync(new NetworkCreateSpec
        {
            Name = name,
            EnableIPv6 = true,
            Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = subnet }] },
        }, default);
        Assert.True(network.EnableIPv6);
        var pool6 = Assert.Single(network.Ipam.Config, p => p.Subnet == subnet);
        Assert.Equal($"{prefix}::1", pool6.Gateway);
        string bridge = network.Options.GetValueOrDefault("com.docker.network.bridge.name") ?? "bt-" + network.Id[..12];
        Assert.Contains($"inet6 {prefix}::1/64", Sh.Ok("ip", "-6", "-o", "addr", "show", "dev", bridge), StringComparison.Ordinal);

        var web = await h.RunContainerAsync(name, "web");
        var db = await h.RunContainerAsync(name, "db");
        var fixedIp = await h.RunContainerAsync(name, "fixed", new EndpointRequest { IPv6Address = $"{prefix}::99" });
        Assert.Equal($"{prefix}::2", web.Endpoint.GlobalIPv6Address);
        Assert.Equal($"{prefix}::3", db.Endpoint.GlobalIPv6Address);
        Assert.Equal($"{prefix}::99", fixedIp.Endpoint.GlobalIPv6Address);
        Assert.Equal(64, web.Endpoint.GlobalIPv6PrefixLen);
        Assert.Equal($"{prefix}::1", web.Endpoint.IPv6Gateway);
        Assert.Equal($"{prefix}::2/64", (await h.Service.GetAsync(name, default)).Containers[web.Id].IPv6Address);

        var taken = await Assert.ThrowsAsync<EngineException>(() => h.RunContainerAsync(name, "dup", new EndpointRequest { IPv6Address = $"{prefix}::99" }));
        Assert.Equal(("Address already in use", ErrorKind.Conflict), (taken.Message, taken.Kind));
        var outside = await Assert.ThrowsAsync<EngineException>(() => h.RunContainerAsync(name, "out", new EndpointRequest { IPv6Address = "fdb7::5" }));
        Assert.Equal("invalid endpoint settings:\nno configured subnet or ip-range contain the IP address fdb7::5", outside.Message);

        // Inside: the address (no DAD wait), the default route, and traffic to the gateway and the other container.
        Assert.Contains($"inet6 {prefix}::2/64", Sh.InNetns(web.Netns, "ip", "-6", "-o", "addr", "show", "dev", "eth0").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Contains($"default via {prefix}::1 dev eth0", Sh.InNetns(web.Netns, "ip", "-6", "route").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Ping6(web.Netns, $"{prefix}::1").EnsureSuccess();
        Ping6(web.Netns, db.Endpoint.GlobalIPv6Address).EnsureSuccess();

        // DNS: AAAA and ip6.arpa PTR for IPv6 endpoints; A stays IPv4-only.
        var server = new IPEndPoint(IPAddress.Parse(web.Endpoint.Gateway), 53);
        Assert.Equal([db.Endpoint.GlobalIPv6Address], (await TinyDnsClient.QueryAsync(server, "db", DnsQuestion.TypeAaaa)).Addresses);
        Assert.Equal([db.Endpoint.IPAddress], (await TinyDnsClient.QueryAsync(server, "db")).Addresses);
        string nibbles = string.Join('.', IPAddress.Parse(db.Endpoint.GlobalIPv6Address).GetAddressBytes().SelectMany(b => new[] { b >> 4, b & 0xf }).Reverse().Select(n => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([$"db.{name}"], (await TinyDnsClient.QueryAsync(server, nibbles + ".ip6.arpa", DnsQuestion.TypePtr)).Pointers);

        // The default binding is published on 0.0.0.0 and ::, DNATed to each family's address.
        var published = await h.Service.PublishAsync(web.Id, [new PortBinding { ContainerPort = 80, HostPort = "18080" }], default);
        Assert.Equal(["0.0.0.0", "::"], published.Select(p => p.HostIp));
        string rules6 = Sh.Ok("ip6tables-save");
        Assert.Contains($"--dport 18080 -j DNAT --to-destination [{web.Endpoint.GlobalIPv6Address}]:80", rules6, StringComparison.Ordinal);
        Assert.Contains($"-A {h.Options.ChainPrefix}-POSTROUTING -s {subnet} ! -o {bridge} -j MASQUERADE", rules6, StringComparison.Ordinal);
        // ::1 cannot be DNATed: the userland proxy serves it, with no rule of its own.
        var loopback = await h.Service.PublishAsync(db.Id, [new PortBinding { ContainerPort = 80, HostIp = "::1", HostPort = "18081" }], default);
        Assert.Equal("::1", Assert.Single(loopback).HostIp);
        Assert.DoesNotContain("--dport 18081", Sh.Ok("ip6tables-save"), StringComparison.Ordinal);
        await h.Service.UnpublishAsync(db.Id, default);

        // Removal leaves no IPv6 rule of this daemon behind.
        await h.Service.UnpublishAsync(web.Id, default);
        foreach (var c in new[] { web, db, fixedIp })
        {
            await h.Service.DisconnectAsync(name, c.Id, default);
        }

        await h.Service.RemoveAsync(name, default);
        Assert.DoesNotContain(h.Options.ChainPrefix, Sh.Ok("ip6tables-save"), StringComparison.Ordinal);
        Assert.Contains(h.Options.ChainPrefix, Sh.Ok("iptables-save"), StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Ipv6NetworksAreIsolatedAndInternalOnesHaveNoRoute()
    {
        await using var h = await ServiceHarness.StartAsync();
        string one = "v6a-" + h.Suffix, two = "v6b-" + h.Suffix, closed = "v6i-" + h.Suffix;
        foreach (var (name, n, isInternal) in new[] { (one, 1, false), (two, 2, false), (closed, 3, true) })
        {
            await h.Service.CreateAsync(new NetworkCreateSpec
            {
                Name = name,
                EnableIPv6 = true,
                Internal = isInternal,
                Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = Subnet(h, n) }] },
            }, default);
        }

        var a = await h.RunContainerAsync(one, "a");
        var b = await h.RunContainerAsync(two, "b");
        var i1 = await h.RunContainerAsync(closed, "i1");
        var i2 = await h.RunContainerAsync(closed, "i2");
        // Without the isolation rules this would be routed: forwarding is on and a has a default route.
        Ping6(a.Netns, $"{Prefix(Subnet(h, 2))}::1").EnsureSuccess();
        Assert.NotEqual(0, Ping6(a.Netns, b.Endpoint.GlobalIPv6Address).ExitCode);
        Assert.NotEqual(0, Ping6(b.Netns, a.Endpoint.GlobalIPv6Address).ExitCode);
        Assert.Equal("1", File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim());

        Assert.Equal("", i1.Endpoint.IPv6Gateway);
        Assert.DoesNotContain("default", Sh.InNetns(i1.Netns, "ip", "-6", "route").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Ping6(i1.Netns, i2.Endpoint.GlobalIPv6Address).EnsureSuccess();
        Assert.NotEqual(0, Ping6(a.Netns, i1.Endpoint.GlobalIPv6Address).ExitCode);
    }

    [RootFact]
    public async Task WithoutSubnetAUlaSlash64IsChosenAndKeptAcrossRestarts()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "v6d-" + h.Suffix;
        var network = await h.Service.CreateAsync(new NetworkCreateSpec { Name = name, EnableIPv6 = true }, default);
        var pool6 = Assert.Single(network.Ipam.Config, p => p.Subnet!.Contains(':', StringComparison.Ordinal));
        Assert.StartsWith("fd", pool6.Subnet, StringComparison.Ordinal);
        Assert.EndsWith("::/64", pool6.Subnet, StringComparison.Ordinal);
        Assert.EndsWith("::1", pool6.Gateway, StringComparison.Ordinal);

        var c = await h.RunContainerAsync(name, "c");
        var error = await Assert.ThrowsAsync<EngineException>(() => h.RunContainerAsync(name, "d", new EndpointRequest { IPv6Address = pool6.Gateway![..^1] + "7" }));
        Assert.Equal("invalid endpoint settings:\nuser specified IP address is supported only when connecting to networks with user configured subnets", error.Message);

        await h.RestartAsync();
        Assert.Equal(pool6.Subnet, (await h.Service.GetAsync(name, default)).Ipam.Config.Single(p => p.Subnet!.Contains(':', StringComparison.Ordinal)).Subnet);
        Assert.Equal(c.Endpoint.GlobalIPv6Address, (await h.Service.GetEndpointsAsync(c.Id, default)).Single().GlobalIPv6Address);
        Ping6(c.Netns, pool6.Gateway!).EnsureSuccess();

        // IPv4-only networks get no IPv6 address.
        var plain = await h.RunContainerAsync("bridge", "plain");
        Assert.Equal("", plain.Endpoint.GlobalIPv6Address);
    }
}
