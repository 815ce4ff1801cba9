using System.Net;
using Berth.Core.Networks;
using Berth.Networking.Dns;
using Berth.Networking.Tests.Dns;
using Berth.Testing;

namespace Berth.Networking.Tests;

public sealed class NetworkServiceDnsTests
{
    [RootFact]
    public async Task AnswersNamesAliasesAndIdsOnlyOnTheirNetwork()
    {
        await using var h = await ServiceHarness.StartAsync();
        string one = "dns1-" + h.Suffix, two = "dns2-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = one }, default);
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = two }, default);
        var web = await h.RunContainerAsync(one, "/web", new EndpointRequest { Aliases = ["frontend"] });
        var db = await h.RunContainerAsync(one, "db");
        var other = await h.RunContainerAsync(two, "other");
        var server = new IPEndPoint(IPAddress.Parse(web.Endpoint.Gateway), 53);

        foreach (var name in new[] { "web", "WEB.", "frontend", web.Id[..12], $"web.{one}" })
        {
            var answer = await TinyDnsClient.QueryAsync(server, name);
            Assert.Equal(0, answer.Rcode);
            Assert.Equal([web.Endpoint.IPAddress], answer.Addresses);
        }

        Assert.Equal([db.Endpoint.IPAddress], (await TinyDnsClient.QueryAsync(server, "db", tcp: true)).Addresses);
        var reverse = string.Join('.', web.Endpoint.IPAddress.Split('.').Reverse()) + ".in-addr.arpa";
        Assert.Equal([$"web.{one}"], (await TinyDnsClient.QueryAsync(server, reverse, DnsQuestion.TypePtr)).Pointers);
        Assert.Empty((await TinyDnsClient.QueryAsync(server, "web", DnsQuestion.TypeAaaa)).Addresses);

        // The other network's server does not know "web": the question goes upstream, whose answer has no such address.
        var otherServer = new IPEndPoint(IPAddress.Parse(other.Endpoint.Gateway), 53);
        Assert.DoesNotContain(web.Endpoint.IPAddress, (await TinyDnsClient.QueryAsync(otherServer, "web")).Addresses);
        Assert.Equal([other.Endpoint.IPAddress], (await TinyDnsClient.QueryAsync(otherServer, "other")).Addresses);

        // From inside the container, with the resolv.conf the runtime will write.
        string resolv = await h.Service.GetResolvConfAsync(web.Id, [], [], [], default);
        Assert.StartsWith($"nameserver {web.Endpoint.Gateway}\n", resolv, StringComparison.Ordinal);
        var lookup = Sh.InNetns(web.Netns, "/bin/busybox", "nslookup", "db", web.Endpoint.Gateway);
        Assert.Contains(db.Endpoint.IPAddress, lookup.Stdout, StringComparison.Ordinal);

        // Disconnecting removes the name.
        await h.Service.DisconnectAsync(one, db.Id, default);
        Assert.DoesNotContain(db.Endpoint.IPAddress, (await TinyDnsClient.QueryAsync(server, "db")).Addresses);
    }

    [RootFact]
    public async Task DefaultBridgeGetsTheHostsResolvers()
    {
        await using var h = await ServiceHarness.StartAsync();
        var c = await h.RunContainerAsync("bridge", "plain");
        string resolv = await h.Service.GetResolvConfAsync(c.Id, [], [], [], default);
        var hostServers = File.ReadLines("/etc/resolv.conf").Where(l => l.StartsWith("nameserver", StringComparison.Ordinal) && !l.Contains(" 127.", StringComparison.Ordinal));
        foreach (var line in hostServers)
        {
            Assert.Contains(line.Trim(), resolv, StringComparison.Ordinal);
        }

        Assert.Contains("nameserver 9.9.9.9", await h.Service.GetResolvConfAsync(c.Id, ["9.9.9.9"], ["corp"], ["ndots:2"], default), StringComparison.Ordinal);
    }
}
