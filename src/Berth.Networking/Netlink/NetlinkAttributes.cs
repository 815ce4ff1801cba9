using System.Buffers.Binary;

namespace Berth.Networking.Netlink;

/// <summary>Reads the rtattr list that follows a family header in a netlink reply.</summary>
internal static class NetlinkAttributes
{
    /// <summary>Attribute type (without the nested/byte-order flags) -> value; the last one wins.</summary>
    public static Dictionary<ushort, byte[]> Parse(ReadOnlySpan<byte> attributes)
    {
        var result = new Dictionary<ushort, byte[]>();
        while (attributes.Length >= 4)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            ushort type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff);
            if (length < 4 || length > attributes.Length)
            {
                break;
            }

            result[type] = attributes[4..length].ToArray();
            int advance = NetlinkRequest.Align(length);
            attributes = advance >= attributes.Length ? [] : attributes[advance..];
        }

        return result;
    }
}
