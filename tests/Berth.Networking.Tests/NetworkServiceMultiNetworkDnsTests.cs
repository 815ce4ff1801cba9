using Berth.Core.Networks;
using Berth.Testing;

namespace Berth.Networking.Tests;

/// <summary>Containers on several user-defined networks resolve, and are resolved, on all of them.</summary>
public sealed class NetworkServiceMultiNetworkDnsTests
{
    private static string Lookup(string netns, string name, string server) =>
        Sh.InNetns(netns, "/bin/busybox", "nslookup", name, server).Stdout;

    [RootFact]
    public async Task ASecondNetworksPeersResolveAndTheRouteAndResolverSurviveLosingTheFirst()
    {
        await using var h = await ServiceHarness.StartAsync();
        string a = "mna-" + h.Suffix, b = "mnb-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = a }, default);
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = b }, default);
        var multi = await h.RunContainerAsync(a, "multi");
        var multiOnB = await h.Service.ConnectAsync(b, multi.Id, "multi", new EndpointRequest { Aliases = ["multi-b"] }, multi.Netns, default);
        var peerA = await h.RunContainerAsync(a, "peer-a", new EndpointRequest { Aliases = ["alias-a"] });
        var peerB = await h.RunContainerAsync(b, "peer-b", new EndpointRequest { Aliases = ["alias-b"] });
        string gatewayA = multi.Endpoint.Gateway, gatewayB = multiOnB.Gateway;

        // resolv.conf names the first network's gateway; through it, names of both networks resolve.
        Assert.StartsWith($"nameserver {gatewayA}\n", await h.Service.GetResolvConfAsync(multi.Id, [], [], [], default), StringComparison.Ordinal);
        foreach (var name in new[] { "peer-b", "alias-b", peerB.Id[..12] })
        {
            Assert.Contains($"Address: {peerB.Endpoint.IPAddress}", Lookup(multi.Netns, name, gatewayA), StringComparison.Ordinal);
        }

        Assert.Contains($"Address: {peerA.Endpoint.IPAddress}", Lookup(multi.Netns, "alias-a", gatewayA), StringComparison.Ordinal);
        // The peer on b finds the multi-homed container by name, alias and ID, at its address on b.
        foreach (var name in new[] { "multi", "multi-b", multi.Id[..12] })
        {
            Assert.Contains($"Address: {multiOnB.IPAddress}", Lookup(peerB.Netns, name, gatewayB), StringComparison.Ordinal);
        }

        // Peers on different networks still do not see each other.
        Assert.DoesNotContain(peerA.Endpoint.IPAddress, Lookup(peerB.Netns, "peer-a", gatewayB), StringComparison.Ordinal);

        // Losing the first network: resolv.conf moves to b's gateway, the default route too, and names still resolve.
        await h.Service.DisconnectAsync(a, multi.Id, default);
        Assert.StartsWith($"nameserver {gatewayB}\n", await h.Service.GetResolvConfAsync(multi.Id, [], [], [], default), StringComparison.Ordinal);
        Assert.Contains($"default via {gatewayB} dev eth1", Sh.InNetns(multi.Netns, "ip", "route").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Contains($"Address: {peerB.Endpoint.IPAddress}", Lookup(multi.Netns, "peer-b", gatewayB), StringComparison.Ordinal);
        Assert.DoesNotContain(peerA.Endpoint.IPAddress, Lookup(multi.Netns, "peer-a", gatewayB), StringComparison.Ordinal);
    }
}
