using System.Globalization;

namespace Berth.Runtime.Oci;

/// <summary>Docker's port keys: "80", "80/tcp", "53/udp" (a missing protocol means tcp).</summary>
internal static class PortKey
{
    public static bool TryParse(string key, out int port, out string protocol)
    {
        int slash = key.IndexOf('/');
        string number = slash < 0 ? key : key[..slash];
        protocol = slash < 0 || slash == key.Length - 1 ? "tcp" : key[(slash + 1)..].ToLowerInvariant();
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
    }
}
