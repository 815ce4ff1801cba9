using Berth.Networking.Firewall;
using Berth.Networking.Store;

namespace Berth.Networking.Tests.Unit;

public sealed class FirewallRulesTests
{
    private static readonly FirewallNetwork Open = new("bt-one", Subnet("172.30.0.1/16"), Internal: false, Masquerade: true, InterContainer: true);
    private static readonly FirewallNetwork Closed = new("bt-two", Subnet("172.29.0.1/16"), Internal: true, Masquerade: true, InterContainer: true);

    [Fact]
    public void RendersNatIsolationAndPublishedPorts()
    {
        var port = new PortRecord("c", "tcp", "127.0.0.1", 8080, "172.30.0.2", 80, "bt-one");
        string batch = FirewallRules.Render([Open, Closed], [port], "");
        var lines = batch.Split('\n');
        Assert.Contains("-A BERTH-POSTROUTING -s 172.30.0.0/16 ! -o bt-one -j MASQUERADE", lines);
        Assert.DoesNotContain(lines, l => l.Contains("-s 172.29.0.0/16 ! -o bt-two", StringComparison.Ordinal));
        Assert.Contains("-A BERTH -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.30.0.2:80", lines);
        Assert.Contains("-A BERTH -d 172.30.0.2/32 ! -i bt-one -o bt-one -p tcp -m tcp --dport 80 -j ACCEPT", lines);
        Assert.Contains("-A BERTH-ISOLATION-1 -i bt-one ! -o bt-one -j BERTH-ISOLATION-2", lines);
        Assert.Contains("-A BERTH-ISOLATION-1 ! -d 172.29.0.0/16 -i bt-two -j DROP", lines);
        Assert.Contains("-I FORWARD 1 -j BERTH-FORWARD", lines);
        Assert.Equal(2, lines.Count(l => l == "COMMIT"));
    }

    [Fact]
    public void AddsJumpsOnlyWhenMissing()
    {
        string existing = "*filter\n:BERTH-FORWARD - [0:0]\n-A FORWARD -j BERTH-FORWARD\nCOMMIT\n";
        string batch = FirewallRules.Render([Open], [], existing);
        Assert.DoesNotContain("-I FORWARD 1 -j BERTH-FORWARD", batch, StringComparison.Ordinal);
        Assert.Contains("-A POSTROUTING -j BERTH-POSTROUTING", batch, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovalDeletesJumpsThenFlushesAndDeletesOwnChainsOnly()
    {
        string existing = "*nat\n:PREROUTING ACCEPT [0:0]\n:BERTH - [0:0]\n:DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j BERTH\nCOMMIT\n*filter\n:BERTH-FORWARD - [0:0]\n-A FORWARD -j BERTH-FORWARD\nCOMMIT\n";
        var lines = FirewallRules.RenderRemoval(existing).Split('\n');
        Assert.Contains("-D PREROUTING -m addrtype --dst-type LOCAL -j BERTH", lines);
        Assert.Contains("-D FORWARD -j BERTH-FORWARD", lines);
        Assert.Contains("-X BERTH", lines);
        Assert.DoesNotContain(lines, l => l.Contains("DOCKER", StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, "-F BERTH-FORWARD") < Array.IndexOf(lines, "-X BERTH-FORWARD"));
    }

    private static Ipv4Subnet Subnet(string text) => Ipv4Subnet.TryParse(text, out var s) ? s : throw new ArgumentException(text);
}
