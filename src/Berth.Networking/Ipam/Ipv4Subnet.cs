using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Berth.Networking;

/// <summary>An IPv4 address with a prefix length ("172.30.0.1/16"); the address may be a host inside the subnet.</summary>
internal readonly record struct Ipv4Subnet(uint Value, int PrefixLength)
{
    public Ipv4Subnet(IPAddress address, int prefixLength)
        : this(ToUInt32(address), prefixLength)
    {
    }

    public IPAddress Address => FromUInt32(Value);
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint First => Value & Mask;
    public uint Last => First | ~Mask;
    public IPAddress NetworkAddress => FromUInt32(First);
    public IPAddress Broadcast => FromUInt32(Last);
    /// <summary>The subnet itself: host bits cleared.</summary>
    public Ipv4Subnet Subnet => new(First, PrefixLength);

    public static Ipv4Subnet Network(IPAddress address, int prefixLength) => new Ipv4Subnet(address, prefixLength).Subnet;

    public bool Contains(uint address) => (address & Mask) == First;
    public bool Contains(IPAddress address) => Contains(ToUInt32(address));
    public bool Overlaps(Ipv4Subnet other) => First <= other.Last && other.First <= Last;

    public static bool TryParse(string? text, out Ipv4Subnet subnet)
    {
        subnet = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseAddress(text[..slash], out var address) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix > 32)
        {
            return false;
        }

        subnet = new Ipv4Subnet(address, prefix);
        return true;
    }

    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text is null || text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (!address.TryWriteBytes(bytes, out int written) || written != 4)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
