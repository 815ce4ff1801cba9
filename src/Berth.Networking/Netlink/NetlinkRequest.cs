using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Berth.Networking.Netlink;

/// <summary>
/// Builds one netlink request: nlmsghdr, a fixed family header (ifinfomsg, ifaddrmsg, rtmsg) and
/// rtattr attributes, each 4-byte aligned; nested attributes are opened and closed around their children.
/// </summary>
internal sealed class NetlinkRequest
{
    private const int HeaderLength = 16;
    private byte[] _buffer = new byte[256];
    private int _length;
    private readonly Stack<int> _nests = new();

    public NetlinkRequest(ushort type, ushort flags)
    {
        _length = HeaderLength;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(6), flags);
    }

    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));

    /// <summary>ifinfomsg: family, type, index, flags, change.</summary>
    public NetlinkRequest IfInfo(byte family, int index, uint flags, uint change)
    {
        var span = Reserve(16);
        span[0] = family;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], change);
        return this;
    }

    /// <summary>ifaddrmsg: family, prefix length, flags, scope, index.</summary>
    public NetlinkRequest IfAddr(byte family, byte prefixLength, byte scope, int index, byte flags = 0)
    {
        var span = Reserve(8);
        span[0] = family;
        span[1] = prefixLength;
        span[2] = flags;
        span[3] = scope;
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], index);
        return this;
    }

    /// <summary>rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.</summary>
    public NetlinkRequest RtMsg(byte family, byte dstLength, byte table, byte protocol, byte scope, byte type)
    {
        var span = Reserve(12);
        span[0] = family;
        span[1] = dstLength;
        span[4] = table;
        span[5] = protocol;
        span[6] = scope;
        span[7] = type;
        return this;
    }

    public NetlinkRequest Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        var span = Reserve(Align(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        value.CopyTo(span[4..]);
        return this;
    }

    public NetlinkRequest String(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return Attribute(type, bytes);
    }

    public NetlinkRequest UInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Attribute(type, bytes);
    }

    public NetlinkRequest Address(ushort type, IPAddress address) => Attribute(type, address.GetAddressBytes());

    public NetlinkRequest BeginNested(ushort type)
    {
        _nests.Push(_length);
        var span = Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)(type | Native.Rtnl.NLA_F_NESTED));
        return this;
    }

    public NetlinkRequest EndNested()
    {
        int start = _nests.Pop();
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));
        return this;
    }

    /// <summary>The finished message with its length and sequence number filled in.</summary>
    public ReadOnlySpan<byte> Finish(uint sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(8), sequence);
        return _buffer.AsSpan(0, _length);
    }

    internal static int Align(int length) => (length + 3) & ~3;

    private Span<byte> Reserve(int count)
    {
        count = Align(count);
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }
}
