using System.Net;
using System.Net.Sockets;
using Berth.Networking.Dns;
using Berth.Networking.Tests.Dns;

namespace Berth.Networking.Tests.Unit;

public sealed class DnsResponderTests
{
    [Fact]
    public async Task AnswersKnownNamesAndForwardsTheRest()
    {
        // A fake upstream on loopback that answers every question with 192.0.2.99.
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var fake = Task.Run(async () =>
        {
            var buffer = new byte[512];
            var received = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
            Assert.True(DnsMessage.TryReadQuestion(buffer.AsSpan(0, received.ReceivedBytes), out var question));
            var answer = new byte[512];
            int length = DnsMessage.WriteResponse(answer, buffer, question, 0, [IPAddress.Parse("192.0.2.99")], null);
            await upstream.SendToAsync(answer.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint, stop.Token);
        });
        var responder = new DnsResponder(new DnsForwarder([(IPEndPoint)upstream.LocalEndPoint!]));
        var table = new DnsScope([DnsTable.Build("net", [("0123456789abcdef", "web", ["www"], IPAddress.Parse("172.30.0.2"), null)])]);

        Assert.Equal(["172.30.0.2"], TinyDnsClient.Decode((await responder.RespondAsync(Query("www"), table, false, default))!).Addresses);
        Assert.Equal(["172.30.0.2"], TinyDnsClient.Decode((await responder.RespondAsync(Query("0123456789ab"), table, false, default))!).Addresses);
        Assert.Equal(["192.0.2.99"], TinyDnsClient.Decode((await responder.RespondAsync(Query("example.org"), table, false, default))!).Addresses);
        await fake;
    }

    [Fact]
    public async Task ServFailWhenNoUpstreamAnswers()
    {
        var responder = new DnsResponder(new DnsForwarder([]));
        var answer = TinyDnsClient.Decode((await responder.RespondAsync(Query("example.org"), DnsScope.Empty, false, default))!);
        Assert.Equal(DnsMessage.RcodeServFail, answer.Rcode);
    }

    private static byte[] Query(string name)
    {
        var buffer = new byte[512];
        return buffer[..DnsMessage.WriteQuery(buffer, 0x4242, name, DnsQuestion.TypeA)];
    }
}
