using System.Globalization;

namespace Berth.Networking;

/// <summary>MAC addresses as Docker makes them: 02:42 (locally administered) followed by the IPv4 address.</summary>
internal static class MacAddresses
{
    public static byte[] FromIPv4(Ipv4Subnet address)
    {
        var bytes = new byte[6];
        bytes[0] = 0x02;
        bytes[1] = 0x42;
        address.Address.TryWriteBytes(bytes.AsSpan(2), out _);
        return bytes;
    }

    public static string Format(ReadOnlySpan<byte> mac) => string.Join(':', mac.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public static bool TryParse(string text, out byte[] mac)
    {
        mac = new byte[6];
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            return false;
        }

        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mac[i]))
            {
                return false;
            }
        }

        // A multicast MAC would make the kernel refuse the link.
        return (mac[0] & 1) == 0;
    }
}
