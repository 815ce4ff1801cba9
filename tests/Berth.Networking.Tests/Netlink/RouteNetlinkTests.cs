using Berth.Networking.Namespaces;
using Berth.Networking.Netlink;
using Berth.Testing;

namespace Berth.Networking.Tests.Netlink;

public sealed class RouteNetlinkTests : IDisposable
{
    private readonly string _bridge = "btb" + Sh.Unique();
    private readonly TempDirectory _temp = new();

    [RootFact]
    public void CreatesBridgeWithAddressAndDeletesIt()
    {
        using var netlink = new RouteNetlink();
        netlink.CreateBridge(_bridge, 1400);
        int index = netlink.GetLinkIndex(_bridge) ?? throw new Xunit.Sdk.XunitException("bridge missing");
        Assert.True(Ipv4Subnet.TryParse("10.123.45.1/24", out var address));
        netlink.AddAddress(index, address);
        netlink.SetUp(index);

        string shown = Sh.Ok("ip", "-o", "addr", "show", "dev", _bridge);
        Assert.Contains("inet 10.123.45.1/24 brd 10.123.45.255", shown);
        Assert.Contains("mtu 1400", Sh.Ok("ip", "-o", "link", "show", "dev", _bridge));
        Assert.Contains(netlink.ListAddresses(), a => a.Index == index && a.Address == address);
        Assert.Contains(netlink.ListRouteDestinations(), r => r.ToString() == "10.123.45.0/24");

        netlink.DeleteLink(index);
        Assert.Null(netlink.GetLinkIndex(_bridge));
    }

    [RootFact]
    public void CreatesVethWithPeerInsideNamespace()
    {
        string netns = _temp.Combine("ns1");
        NetworkNamespaces.Create(netns);
        try
        {
            using var netlink = new RouteNetlink();
            netlink.CreateBridge(_bridge, null);
            int bridge = netlink.GetLinkIndex(_bridge)!.Value;
            string veth = "vtb" + Sh.Unique();
            using (var handle = NamespaceHandle.Open(netns))
            {
                netlink.CreateVeth(veth, bridge, 1500, "eth0", [0x02, 0x42, 10, 123, 45, 2], handle.Fd);
            }

            var link = Assert.Single(netlink.ListLinks(), l => l.Name == veth);
            Assert.Equal(bridge, link.Master);
            string inside = NetworkNamespaces.Run(netns, () =>
            {
                using var inner = new RouteNetlink();
                int eth0 = inner.GetLinkIndex("eth0")!.Value;
                Assert.True(Ipv4Subnet.TryParse("10.123.45.2/24", out var address));
                inner.AddAddress(eth0, address);
                inner.SetUp(eth0);
                inner.AddDefaultRoute(System.Net.IPAddress.Parse("10.123.45.1"), eth0);
                return string.Join(",", inner.ListLinks().Select(l => $"{l.Name}:{l.Up}"));
            });
            Assert.Equal("lo:True,eth0:True", inside);
            string route = Sh.InNetns(netns, "ip", "route").EnsureSuccess().Stdout;
            Assert.Contains("default via 10.123.45.1 dev eth0", route, StringComparison.Ordinal);
            Assert.Contains("link/ether 02:42:0a:7b:2d:02", Sh.InNetns(netns, "ip", "-o", "link", "show", "eth0").EnsureSuccess().Stdout);
        }
        finally
        {
            NetworkNamespaces.Delete(netns);
        }

        Assert.DoesNotContain(netns, File.ReadAllText("/proc/mounts"));
    }

    public void Dispose()
    {
        using var netlink = new RouteNetlink();
        if (netlink.GetLinkIndex(_bridge) is { } index)
        {
            netlink.DeleteLink(index);
        }

        _temp.Dispose();
    }
}
