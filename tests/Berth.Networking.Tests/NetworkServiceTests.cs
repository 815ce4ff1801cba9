using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Testing;

namespace Berth.Networking.Tests;

public sealed class NetworkServiceTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoFilters = new();

    [RootFact]
    public async Task PredefinedNetworksExistAndCannotBeRemoved()
    {
        await using var h = await ServiceHarness.StartAsync();
        var all = await h.Service.ListAsync(NoFilters, default);
        Assert.Equal(["bridge", "host", "none"], all.Select(n => n.Name).Order());
        var bridge = await h.Service.GetAsync("bridge", default);
        Assert.Equal(64, bridge.Id.Length);
        Assert.Equal("bridge", bridge.Driver);
        Assert.Equal(h.Options.DefaultBridgeName, bridge.Options["com.docker.network.bridge.name"]);
        Assert.Contains($"inet {bridge.Ipam.Config[0].Gateway}/", Sh.Ok("ip", "-o", "addr", "show", "dev", h.Options.DefaultBridgeName));
        Assert.Equal("null", (await h.Service.GetAsync("none", default)).Driver);

        var error = await Assert.ThrowsAsync<EngineException>(() => h.Service.RemoveAsync("bridge", default));
        Assert.Equal(ErrorKind.Forbidden, error.Kind);
        Assert.Equal("bridge is a pre-defined network and cannot be removed", error.Message);

        // A restart keeps the same predefined networks.
        await h.RestartAsync();
        Assert.Equal(bridge.Id, (await h.Service.GetAsync("bridge", default)).Id);
    }

    [RootFact]
    public async Task CreatesInspectsFiltersAndRemovesUserNetworks()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "net-" + h.Suffix;
        var created = await h.Service.CreateAsync(new NetworkCreateSpec
        {
            Name = name,
            Labels = new Dictionary<string, string> { ["team"] = "a" },
            Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = "10.213.0.0/24", IPRange = "10.213.0.128/25" }] },
        }, default);
        Assert.Equal("10.213.0.1", created.Ipam.Config[0].Gateway);
        Assert.Equal(created.Id, (await h.Service.GetAsync(created.Id[..10], default)).Id);

        var duplicate = await Assert.ThrowsAsync<EngineException>(() => h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default));
        Assert.Equal($"network with name {name} already exists", duplicate.Message);
        var overlap = await Assert.ThrowsAsync<EngineException>(() => h.Service.CreateAsync(new NetworkCreateSpec
        {
            Name = name + "x",
            Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = "10.213.0.64/26" }] },
        }, default));
        Assert.Equal("Pool overlaps with other one on this address space", overlap.Message);
        Assert.Equal(ErrorKind.Forbidden, overlap.Kind);

        Assert.Equal([name], (await h.Service.ListAsync(new Dictionary<string, IReadOnlyList<string>> { ["type"] = ["custom"] }, default)).Select(n => n.Name));
        Assert.Equal([name], (await h.Service.ListAsync(new Dictionary<string, IReadOnlyList<string>> { ["label"] = ["team=a"] }, default)).Select(n => n.Name));
        Assert.Equal(3, (await h.Service.ListAsync(new Dictionary<string, IReadOnlyList<string>> { ["type"] = ["builtin"] }, default)).Count);

        // IPRange: addresses start in the range.
        var c1 = await h.RunContainerAsync(name, "c1");
        Assert.Equal("10.213.0.128", c1.Endpoint.IPAddress);
        Assert.Equal("02:42:0a:d5:00:80", c1.Endpoint.MacAddress);
        var busy = await Assert.ThrowsAsync<EngineException>(() => h.Service.RemoveAsync(name, default));
        Assert.Equal($"error while removing network: network {name} id {created.Id} has active endpoints", busy.Message);

        await h.Service.DisconnectAsync(name, c1.Id, default);
        Assert.Equal([name], await h.Service.PruneAsync(NoFilters, default));
        await Assert.ThrowsAsync<EngineException>(() => h.Service.GetAsync(name, default));
    }

    [RootFact]
    public async Task AddressesArePersistedAndNeverHandedOutTwice()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "ipam-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec
        {
            Name = name,
            Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = "10.214.0.0/29" }] },
        }, default);
        var a = await h.RunContainerAsync(name, "a");
        var b = await h.RunContainerAsync(name, "b", new EndpointRequest { IPv4Address = "10.214.0.5" });
        Assert.Equal("10.214.0.2", a.Endpoint.IPAddress);
        Assert.Equal(29, a.Endpoint.PrefixLen);
        Assert.Equal("10.214.0.1", a.Endpoint.Gateway);

        await h.RestartAsync();
        var c = await h.RunContainerAsync(name, "c");
        Assert.Equal("10.214.0.3", c.Endpoint.IPAddress);

        var inUse = await Assert.ThrowsAsync<EngineException>(() => h.RunContainerAsync(name, "d", new EndpointRequest { IPv4Address = "10.214.0.5" }));
        Assert.Equal("Address already in use", inUse.Message);
        var outside = await Assert.ThrowsAsync<EngineException>(() => h.RunContainerAsync(name, "e", new EndpointRequest { IPv4Address = "10.215.0.5" }));
        Assert.Equal("invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 10.215.0.5", outside.Message);

        // Serial allocation, as libnetwork's: a released address comes back only after the rest of the pool.
        await h.Service.DisconnectAsync(name, a.Id, default);
        var f = await h.RunContainerAsync(name, "f");
        Assert.Equal("10.214.0.4", f.Endpoint.IPAddress);
        var g = await h.RunContainerAsync(name, "g");
        Assert.Equal("10.214.0.6", g.Endpoint.IPAddress);
        var again = await h.RunContainerAsync(name, "h");
        Assert.Equal("10.214.0.2", again.Endpoint.IPAddress);
        var full = await Assert.ThrowsAsync<EngineException>(() => h.RunContainerAsync(name, "i"));
        Assert.StartsWith("no available IPv4 addresses", full.Message, StringComparison.Ordinal);
        var info = await h.Service.GetAsync(name, default);
        Assert.Equal(["10.214.0.2/29", "10.214.0.3/29", "10.214.0.4/29", "10.214.0.5/29", "10.214.0.6/29"], info.Containers.Values.Select(e => e.IPv4Address).Order());
    }

    [RootFact]
    public async Task ContainersOnOneNetworkReachEachOtherButNotOtherNetworks()
    {
        await using var h = await ServiceHarness.StartAsync();
        string one = "one-" + h.Suffix, two = "two-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = one }, default);
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = two }, default);
        var a = await h.RunContainerAsync(one, "a");
        var b = await h.RunContainerAsync(one, "b");
        var c = await h.RunContainerAsync(two, "c");

        Assert.Contains("default via " + a.Endpoint.Gateway, Sh.InNetns(a.Netns, "ip", "route").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Ping(a.Netns, b.Endpoint.IPAddress).ExitCode);
        Assert.Equal(0, Ping(b.Netns, a.Endpoint.IPAddress).ExitCode);
        Assert.NotEqual(0, Ping(a.Netns, c.Endpoint.IPAddress).ExitCode);
        Assert.NotEqual(0, Ping(c.Netns, b.Endpoint.IPAddress).ExitCode);
    }

    private static CliResult Ping(string netns, string address) => Sh.InNetns(netns, "/bin/busybox", "ping", "-c", "1", "-W", "2", address);
}
