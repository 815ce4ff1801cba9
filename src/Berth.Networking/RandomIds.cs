using System.Security.Cryptography;

namespace Berth.Networking;

/// <summary>Random identifiers: 64-hex network and endpoint IDs, short hex suffixes for interface names.</summary>
internal static class RandomIds
{
    public static string Hex(int characters) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((characters + 1) / 2))[..characters];

    public static string NewId() => Hex(64);
}
