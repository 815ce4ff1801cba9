using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Berth.Networking.Dns;

/// <summary>
/// The slice of the DNS wire format (RFC 1035) the embedded server needs: read a query's header and
/// first question, write answers (A, PTR) or an error code after an echo of the question.
/// Names are compared in lower case without the trailing dot.
/// </summary>
internal static class DnsMessage
{
    public const int HeaderLength = 12;
    public const int RcodeNoError = 0;
    public const int RcodeFormErr = 1;
    public const int RcodeServFail = 2;
    public const int RcodeNxDomain = 3;
    public const int RcodeNotImp = 4;
    private const int MaxPointerJumps = 16;

    /// <summary>Parses a query; false for responses, empty question sections or malformed input.</summary>
    public static bool TryReadQuestion(ReadOnlySpan<byte> message, out DnsQuestion question)
    {
        question = default;
        if (message.Length < HeaderLength)
        {
            return false;
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(message);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        ushort questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        if ((flags & 0x8000) != 0 || questions == 0)
        {
            return false;
        }

        int offset = HeaderLength;
        if (!TryReadName(message, ref offset, out string name) || offset + 4 > message.Length)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        ushort @class = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        question = new DnsQuestion(id, flags, name, type, @class, offset + 4);
        return true;
    }

    /// <summary>Reads a (possibly compressed) name at <paramref name="offset"/> and moves past it.</summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        var builder = new StringBuilder();
        name = "";
        int position = offset;
        int jumps = 0;
        int? resume = null;
        while (true)
        {
            if (position >= message.Length)
            {
                return false;
            }

            byte length = message[position];
            if (length == 0)
            {
                position++;
                break;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++jumps > MaxPointerJumps)
                {
                    return false;
                }

                resume ??= position + 2;
                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }

            if ((length & 0xC0) != 0 || position + 1 + length > message.Length)
            {
                return false;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
            if (builder.Length > 255)
            {
                return false;
            }
        }

        offset = resume ?? position;
        name = builder.ToString().ToLowerInvariant();
        return true;
    }

    /// <summary>Writes a name as uncompressed labels; returns the bytes written.</summary>
    public static int WriteName(Span<byte> destination, string name)
    {
        int offset = 0;
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (label.Length > 63)
            {
                throw new ArgumentException($"DNS label too long: {label}", nameof(name));
            }

            destination[offset++] = (byte)label.Length;
            offset += Encoding.ASCII.GetBytes(label, destination[offset..]);
        }

        destination[offset++] = 0;
        return offset;
    }

    /// <summary>
    /// Writes a response to <paramref name="question"/> (taken from <paramref name="query"/>): header, the
    /// echoed question, then A or AAAA answers (by each address's family) for <paramref name="addresses"/> or one PTR answer for
    /// <paramref name="pointer"/>. Returns the length written.
    /// </summary>
    public static int WriteResponse(Span<byte> destination, ReadOnlySpan<byte> query, DnsQuestion question, int rcode,
        IReadOnlyList<IPAddress> addresses, string? pointer, uint ttl = 600)
    {
        int answers = addresses.Count + (pointer is null ? 0 : 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination, question.Id);
        // QR, opcode copied, AA, RD copied, RA, rcode.
        ushort flags = (ushort)(0x8000 | (question.Opcode << 11) | 0x0400 | (question.Flags & 0x0100) | 0x0080 | (rcode & 0xF));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)answers);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        int offset = HeaderLength;
        int questionLength = question.QuestionEnd - HeaderLength;
        query.Slice(HeaderLength, questionLength).CopyTo(destination[offset..]);
        offset += questionLength;
        foreach (var address in addresses)
        {
            bool v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            offset += WriteRecordHeader(destination[offset..], v6 ? DnsQuestion.TypeAaaa : DnsQuestion.TypeA, ttl, (ushort)(v6 ? 16 : 4));
            address.TryWriteBytes(destination[offset..], out int written);
            offset += written;
        }

        if (pointer is not null)
        {
            int header = offset;
            offset += WriteRecordHeader(destination[offset..], DnsQuestion.TypePtr, ttl, 0);
            int length = WriteName(destination[offset..], pointer);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(header + 10)..], (ushort)length);
            offset += length;
        }

        return offset;
    }

    /// <summary>Owner name as a pointer to the question name (offset 12), type, class IN, TTL, rdlength.</summary>
    private static int WriteRecordHeader(Span<byte> destination, ushort type, uint ttl, ushort dataLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, 0xC000 | HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], DnsQuestion.ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], ttl);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], dataLength);
        return 12;
    }

    /// <summary>Writes a recursive query for one name; returns the length written.</summary>
    public static int WriteQuery(Span<byte> destination, ushort id, string name, ushort type)
    {
        destination[..HeaderLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        int offset = HeaderLength + WriteName(destination[HeaderLength..], name);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], DnsQuestion.ClassIn);
        return offset + 4;
    }

    /// <summary>"4.3.2.1.in-addr.arpa" -> 1.2.3.4, 32 nibbles + ".ip6.arpa" -> the IPv6 address, or null for other names.</summary>
    public static IPAddress? ParseReverseName(string name)
    {
        const string suffix = ".in-addr.arpa";
        const string suffix6 = ".ip6.arpa";
        if (name.EndsWith(suffix6, StringComparison.OrdinalIgnoreCase))
        {
            return ParseReverseName6(name[..^suffix6.Length]);
        }

        if (!name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = name[..^suffix.Length].Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        Array.Reverse(parts);
        return Ipv4Subnet.TryParseAddress(string.Join('.', parts), out var address) ? address : null;
    }

    /// <summary>"b.a.9.8....0.d.f" (least significant nibble first) -> the address; null unless exactly 32 hex nibbles.</summary>
    private static IPAddress? ParseReverseName6(string nibbles)
    {
        var parts = nibbles.Split('.');
        if (parts.Length != 32)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 32; i++)
        {
            if (parts[i].Length != 1 || !Uri.IsHexDigit(parts[i][0]))
            {
                return null;
            }

            int nibble = Convert.ToInt32(parts[i], 16);
            int position = 31 - i;
            bytes[position / 2] |= (byte)(position % 2 == 0 ? nibble << 4 : nibble);
        }

        return new IPAddress(bytes);
    }
}
