using System.Net;
using Berth.Networking.Dns;

namespace Berth.Networking.Tests.Unit;

public sealed class DnsDirectoryTests
{
    private static readonly IPAddress MultiOnA = IPAddress.Parse("10.1.0.2"), MultiOnB = IPAddress.Parse("10.2.0.2");
    private static readonly IPAddress PeerA = IPAddress.Parse("10.1.0.3"), PeerB = IPAddress.Parse("10.2.0.3");

    private static DnsDirectory Build() => DnsDirectory.Build(
        new Dictionary<string, DnsTable>
        {
            ["a"] = DnsTable.Build("neta", [("m0123456789abcdef", "multi", [], MultiOnA, null), ("pa0123456789abcd", "peera", ["alias-a"], PeerA, null)]),
            ["b"] = DnsTable.Build("netb", [("m0123456789abcdef", "multi", [], MultiOnB, null), ("pb0123456789abcd", "peerb", [], PeerB, null)]),
        },
        [
            ([MultiOnA, MultiOnB], ["a", "b"]),
            ([PeerA], ["a"]),
            ([PeerB], ["b"]),
        ]);

    [Fact]
    public void AContainerOnTwoNetworksSeesPeersOfBothWhicheverServerItAsks()
    {
        var directory = Build();
        foreach (var server in new[] { "a", "b" })
        {
            var scope = directory.ScopeFor(MultiOnA, server);
            Assert.Equal([PeerA], scope.Lookup("peera"));
            Assert.Equal([PeerA], scope.Lookup("alias-a"));
            Assert.Equal([PeerB], scope.Lookup("peerb"));
            Assert.Equal([PeerB], scope.Lookup("pb0123456789"));
            Assert.Equal("peerb.netb", scope.Reverse(PeerB));
        }
    }

    [Fact]
    public void APeerGetsTheAddressOnTheNetworkItShares()
    {
        var directory = Build();
        Assert.Equal([MultiOnB], directory.ScopeFor(PeerB, "b").Lookup("multi"));
        Assert.Equal([MultiOnA], directory.ScopeFor(PeerA, "a").Lookup("multi"));
        // Even when it asks another network's gateway, it never learns names of networks it is not on.
        Assert.Null(directory.ScopeFor(PeerB, "a").Lookup("peera"));
        Assert.Null(directory.ScopeFor(PeerA, "a").Lookup("peerb"));
    }

    [Fact]
    public void AnUnknownAskerSeesTheServersNetworkOnly()
    {
        var directory = Build();
        var host = IPAddress.Parse("10.1.0.1");
        Assert.Equal([PeerA], directory.ScopeFor(host, "a").Lookup("peera"));
        Assert.Null(directory.ScopeFor(host, "a").Lookup("peerb"));
        Assert.Null(DnsDirectory.Empty.ScopeFor(host, "a").Lookup("peera"));
        Assert.Equal([PeerA], directory.ScopeFor(PeerA.MapToIPv6(), "a").Lookup("peera"));
    }
}
