using System.Net;
using Berth.Networking.Dns;
using Berth.Networking.Firewall;
using Berth.Networking.Store;
using Berth.Networking.Tests.Dns;

namespace Berth.Networking.Tests.Unit;

public sealed class Ipv6Tests
{
    [Fact]
    public void ParsesSubnetsAndAddresses()
    {
        Assert.True(Ipv6Subnet.TryParse("fd00:dead:beef::7/64", out var s));
        Assert.Equal("fd00:dead:beef::/64", s.Subnet.ToString());
        Assert.True(s.Contains(s.Subnet.Last));
        Assert.False(s.Contains(s.Subnet.Last + 1));
        Assert.True(s.Overlaps(new Ipv6Subnet(IPAddress.Parse("fd00:dead::"), 32)));
        Assert.False(s.Overlaps(new Ipv6Subnet(IPAddress.Parse("fd00::"), 64)));
        Assert.False(Ipv6Subnet.TryParse("10.0.0.0/8", out _));
        Assert.False(Ipv6Subnet.TryParse("fd00::/129", out _));
        Assert.False(Ipv6Subnet.TryParseAddress("::ffff:10.0.0.1", out _));
        Assert.False(Ipv6Subnet.TryParseAddress("fe80::1%eth0", out _));
    }

    [Fact]
    public void ParsesIp6ArpaNames()
    {
        string name = "9.9." + string.Concat(Enumerable.Repeat("0.", 18)) + "f.e.e.b.d.a.e.d.0.0.d.f.ip6.arpa";
        Assert.Equal(IPAddress.Parse("fd00:dead:beef::99"), DnsMessage.ParseReverseName(name));
        Assert.Null(DnsMessage.ParseReverseName("9.9.ip6.arpa"));
        Assert.Null(DnsMessage.ParseReverseName("g" + name[1..]));
    }

    [Fact]
    public void WritesAaaaAnswers()
    {
        var query = new byte[512];
        int length = DnsMessage.WriteQuery(query, 0x4242, "web", DnsQuestion.TypeAaaa);
        Assert.True(DnsMessage.TryReadQuestion(query.AsSpan(0, length), out var question));
        var response = new byte[512];
        int written = DnsMessage.WriteResponse(response, query, question, DnsMessage.RcodeNoError, [IPAddress.Parse("fd00::2")], null);
        Assert.Equal(["fd00::2"], TinyDnsClient.Decode(response[..written]).Addresses);
    }

    [Fact]
    public void RendersIpv6RulesOnlyForIpv6NetworksAndPorts()
    {
        Assert.True(Ipv6Subnet.TryParse("fd00:1::1/64", out var v6));
        Assert.True(Ipv4Subnet.TryParse("172.30.0.1/16", out var v4a));
        Assert.True(Ipv4Subnet.TryParse("172.29.0.1/16", out var v4b));
        FirewallNetwork dual = new("bt-one", v4a, Internal: false, Masquerade: true, InterContainer: true, v6);
        FirewallNetwork plain = new("bt-two", v4b, Internal: false, Masquerade: true, InterContainer: true);
        PortRecord[] ports = [new("c", "tcp", "0.0.0.0", 8080, "172.30.0.2", 80, "bt-one"), new("c", "tcp", "::", 8080, "fd00:1::2", 80, "bt-one")];

        var lines = FirewallRules.Render([dual, plain], ports, "", ipv6: true).Split('\n');
        Assert.Contains("-A BERTH-POSTROUTING -s fd00:1::/64 ! -o bt-one -j MASQUERADE", lines);
        Assert.Contains("-A BERTH -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd00:1::2]:80", lines);
        Assert.Contains("-A BERTH -d fd00:1::2/128 ! -i bt-one -o bt-one -p tcp -m tcp --dport 80 -j ACCEPT", lines);
        Assert.DoesNotContain(lines, l => l.Contains("bt-two", StringComparison.Ordinal) || l.Contains("172.", StringComparison.Ordinal));

        var v4Lines = FirewallRules.Render([dual, plain], ports, "").Split('\n');
        Assert.DoesNotContain(v4Lines, l => l.Contains("fd00", StringComparison.Ordinal));
        Assert.Contains("-A BERTH-ISOLATION-2 -o bt-two -j DROP", v4Lines);
    }
}
