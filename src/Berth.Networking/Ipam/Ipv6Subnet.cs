using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Berth.Networking;

/// <summary>An IPv6 address with a prefix length ("fd00:dead:beef::1/64"); the address may be a host inside the subnet.</summary>
internal readonly record struct Ipv6Subnet(UInt128 Value, int PrefixLength)
{
    public Ipv6Subnet(IPAddress address, int prefixLength)
        : this(ToUInt128(address), prefixLength)
    {
    }

    public IPAddress Address => FromUInt128(Value);
    public UInt128 Mask => PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - PrefixLength);
    public UInt128 First => Value & Mask;
    public UInt128 Last => First | ~Mask;
    /// <summary>The subnet itself: host bits cleared.</summary>
    public Ipv6Subnet Subnet => new(First, PrefixLength);

    public bool Contains(UInt128 address) => (address & Mask) == First;
    public bool Overlaps(Ipv6Subnet other) => First <= other.Last && other.First <= Last;

    public static bool TryParse(string? text, out Ipv6Subnet subnet)
    {
        subnet = default;
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0 || !TryParseAddress(text![..slash], out var address) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix > 128)
        {
            return false;
        }

        subnet = new Ipv6Subnet(address, prefix);
        return true;
    }

    /// <summary>A plain IPv6 address: no zone, no IPv4-mapped form.</summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.IPv6None;
        if (text is null || !text.Contains(':', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal) ||
            !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6 || parsed.IsIPv4MappedToIPv6)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(bytes, out int written) || written != 16)
        {
            throw new ArgumentException($"{address} is not an IPv6 address", nameof(address));
        }

        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress FromUInt128(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
