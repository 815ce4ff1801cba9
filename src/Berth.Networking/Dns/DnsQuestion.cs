namespace Berth.Networking.Dns;

/// <summary>The first question of a query, with the header fields an answer needs.
/// <paramref name="QuestionEnd"/> is the offset just after the question (where answers start).</summary>
internal readonly record struct DnsQuestion(ushort Id, ushort Flags, string Name, ushort Type, ushort Class, int QuestionEnd)
{
    public const ushort TypeA = 1;
    public const ushort TypePtr = 12;
    public const ushort TypeAaaa = 28;
    public const ushort ClassIn = 1;

    public bool RecursionDesired => (Flags & 0x0100) != 0;
    public int Opcode => (Flags >> 11) & 0xF;
}
