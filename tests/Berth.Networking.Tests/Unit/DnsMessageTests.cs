using System.Net;
using Berth.Networking.Dns;
using Berth.Networking.Tests.Dns;

namespace Berth.Networking.Tests.Unit;

public sealed class DnsMessageTests
{
    [Fact]
    public void ReadsTheQuestionOfAQueryItWrote()
    {
        var buffer = new byte[512];
        int length = DnsMessage.WriteQuery(buffer, 0x4242, "Web.Example.", DnsQuestion.TypeA);
        Assert.True(DnsMessage.TryReadQuestion(buffer.AsSpan(0, length), out var question));
        Assert.Equal(0x4242, question.Id);
        Assert.Equal("web.example", question.Name);
        Assert.Equal(DnsQuestion.TypeA, question.Type);
        Assert.True(question.RecursionDesired);
        Assert.Equal(length, question.QuestionEnd);
    }

    [Fact]
    public void WritesAAndPtrAnswersThatDecode()
    {
        var query = new byte[512];
        int length = DnsMessage.WriteQuery(query, 0x4242, "web", DnsQuestion.TypeA);
        Assert.True(DnsMessage.TryReadQuestion(query.AsSpan(0, length), out var question));
        var response = new byte[512];
        int written = DnsMessage.WriteResponse(response, query, question, DnsMessage.RcodeNoError, [IPAddress.Parse("172.30.0.2"), IPAddress.Parse("172.30.0.3")], "web.net");
        var answer = TinyDnsClient.Decode(response[..written]);
        Assert.Equal(0, answer.Rcode);
        Assert.Equal(["172.30.0.2", "172.30.0.3"], answer.Addresses);
        Assert.Equal(["web.net"], answer.Pointers);
        Assert.Equal(0x85, response[2]); // QR, AA, RD
    }

    [Fact]
    public void FollowsCompressionPointersButNotLoops()
    {
        // "a" at 12, then a pointer to it at 15.
        byte[] message = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0xC0, 12];
        int offset = 15;
        Assert.True(DnsMessage.TryReadName(message, ref offset, out string name));
        Assert.Equal("a", name);
        Assert.Equal(17, offset);

        byte[] loop = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12];
        int start = 12;
        Assert.False(DnsMessage.TryReadName(loop, ref start, out _));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0, 1, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 })] // a response, not a query
    [InlineData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, (byte)'a' })] // label runs past the end
    public void RejectsMalformedQueries(byte[] message) => Assert.False(DnsMessage.TryReadQuestion(message, out _));

    [Fact]
    public void ParsesReverseNames()
    {
        Assert.Equal(IPAddress.Parse("172.30.0.2"), DnsMessage.ParseReverseName("2.0.30.172.in-addr.arpa"));
        Assert.Null(DnsMessage.ParseReverseName("example.com"));
        Assert.Null(DnsMessage.ParseReverseName("0.30.172.in-addr.arpa"));
    }
}
