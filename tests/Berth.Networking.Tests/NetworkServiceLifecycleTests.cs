using Berth.Core.Networks;
using Berth.Testing;

namespace Berth.Networking.Tests;

public sealed class NetworkServiceLifecycleTests
{
    [RootFact]
    public async Task RestartRecreatesMissingBridgesAndRules()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "boot-" + h.Suffix;
        var network = await h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default);
        string bridge = "bt-" + network.Id[..12];
        var c = await h.RunContainerAsync(name, "survivor");

        // A "reboot" of the network side: the bridge and every rule vanish, the namespace of c stays.
        Sh.Ok("ip", "link", "del", bridge);
        await h.Service.RemoveAllRulesAsync(default);
        await h.RestartAsync();

        Assert.Contains($"inet {network.Ipam.Config[0].Gateway}/", Sh.Ok("ip", "-o", "addr", "show", "dev", bridge));
        Assert.Contains($"-A {h.Options.ChainPrefix}-POSTROUTING -s {network.Ipam.Config[0].Subnet} ! -o {bridge} -j MASQUERADE", Sh.Ok("iptables-save", "-t", "nat"));
        Assert.Single(Sh.Ok("iptables-save", "-t", "filter").Split('\n'), l => l == $"-A FORWARD -j {h.Options.ChainPrefix}-FORWARD");
        // The endpoint's namespace still exists, so its address stays taken.
        var next = await h.RunContainerAsync(name, "next");
        Assert.NotEqual(c.Endpoint.IPAddress, next.Endpoint.IPAddress);
    }

    [RootFact]
    public async Task EndpointsWhoseNamespaceIsGoneAreDroppedOnRestart()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "stale-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default);
        var c = await h.RunContainerAsync(name, "gone");
        await h.Service.DeleteNetnsAsync(c.Id, default);
        await h.RestartAsync();
        Assert.Empty((await h.Service.GetAsync(name, default)).Containers);
        Assert.Empty(await h.Service.GetEndpointsAsync(c.Id, default));
    }

    [RootFact]
    public async Task NothingIsLeftBehindAfterRemoval()
    {
        string bridgeName, veth, netns, chainPrefix;
        string tempPath;
        await using (var h = await ServiceHarness.StartAsync())
        {
            tempPath = h.Temp.Path;
            chainPrefix = h.Options.ChainPrefix;
            string name = "gone-" + h.Suffix;
            var network = await h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default);
            bridgeName = "bt-" + network.Id[..12];
            var c = await h.RunContainerAsync(name, "c");
            veth = c.Endpoint.HostInterface;
            netns = c.Netns;
            await h.Service.PublishAsync(c.Id, [new PortBinding { ContainerPort = 80 }], default);
            Assert.Contains(veth, Sh.Ok("ip", "-o", "link"), StringComparison.Ordinal);
            Assert.Contains(netns, File.ReadAllText("/proc/mounts"), StringComparison.Ordinal);

            await h.Service.UnpublishAsync(c.Id, default);
            await h.Service.DisconnectAsync(name, c.Id, default);
            await h.Service.DeleteNetnsAsync(c.Id, default);
            await h.Service.RemoveAsync(name, default);
            string links = Sh.Ok("ip", "-o", "link");
            Assert.DoesNotContain(veth, links, StringComparison.Ordinal);
            Assert.DoesNotContain(bridgeName, links, StringComparison.Ordinal);
            Assert.DoesNotContain(bridgeName, Sh.Ok("iptables-save"), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(chainPrefix, Sh.Ok("iptables-save"), StringComparison.Ordinal);
        Assert.DoesNotContain(tempPath, File.ReadAllText("/proc/mounts"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(tempPath));
    }
}
