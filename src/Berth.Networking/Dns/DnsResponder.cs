using System.Net;
using System.Net.Sockets;

namespace Berth.Networking.Dns;

/// <summary>
/// Answers one query from the names the asker may see (<see cref="DnsScope"/>): its peers' names (A, and AAAA for containers with IPv6 addresses; a
/// name without one gets an empty NOERROR answer like Docker, so clients fall back to A quickly), reverse lookups of its addresses (PTR); everything else goes to the
/// host's resolvers, and SERVFAIL when none answers.
/// </summary>
internal sealed class DnsResponder
{
    private readonly DnsForwarder _forwarder;

    public DnsResponder(DnsForwarder forwarder) => _forwarder = forwarder;

    public async Task<byte[]?> RespondAsync(byte[] query, DnsScope table, bool overTcp, CancellationToken cancellationToken)
    {
        if (!DnsMessage.TryReadQuestion(query, out var question))
        {
            return null; // Not a query: stay silent, as resolvers do for garbage.
        }

        if (question.Opcode != 0 || question.Class != DnsQuestion.ClassIn)
        {
            return Answer(query, question, DnsMessage.RcodeNotImp, [], null);
        }

        if (table.Lookup(question.Name) is { } addresses)
        {
            return question.Type switch
            {
                DnsQuestion.TypeA => Answer(query, question, DnsMessage.RcodeNoError, Family(addresses, AddressFamily.InterNetwork), null),
                DnsQuestion.TypeAaaa => Answer(query, question, DnsMessage.RcodeNoError, Family(addresses, AddressFamily.InterNetworkV6), null),
                _ => Answer(query, question, DnsMessage.RcodeNoError, [], null),
            };
        }

        if (question.Type == DnsQuestion.TypePtr && DnsMessage.ParseReverseName(question.Name) is { } reverse && table.Reverse(reverse) is { } name)
        {
            return Answer(query, question, DnsMessage.RcodeNoError, [], name);
        }

        return await _forwarder.ForwardAsync(query, overTcp, cancellationToken)
            ?? Answer(query, question, DnsMessage.RcodeServFail, [], null);
    }

    private static List<IPAddress> Family(IReadOnlyList<IPAddress> addresses, AddressFamily family) =>
        addresses.Where(a => a.AddressFamily == family).ToList();

    private static byte[] Answer(byte[] query, DnsQuestion question, int rcode, IReadOnlyList<IPAddress> addresses, string? pointer)
    {
        var buffer = new byte[question.QuestionEnd + (addresses.Count * 32) + 300];
        int length = DnsMessage.WriteResponse(buffer, query, question, rcode, addresses, pointer);
        return buffer[..length];
    }
}
