using System.Net;
using System.Net.Sockets;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>
/// Host ports for published container ports. A port is taken when Berth already publishes it on an
/// overlapping address (0.0.0.0 overlaps everything). Random ports come from Docker's range
/// 32768-60999 and must also be bindable right now, so they do not shadow a host service.
/// </summary>
internal static class PortAllocator
{
    public const int RandomFirst = 32768;
    public const int RandomLast = 60999;

    /// <summary>Per address family, as Docker: 0.0.0.0 and :: are separate wildcards.</summary>
    public static bool IsTaken(IEnumerable<PortRecord> published, string protocol, string hostIp, int port) =>
        published.Any(p => p.Protocol == protocol && p.HostPort == port && IsV6(p.HostIp) == IsV6(hostIp) &&
            (p.HostIp == hostIp || IsWildcard(p.HostIp) || IsWildcard(hostIp)));

    /// <summary>A free port on every one of <paramref name="hostIps"/> (the default binding takes the same port on 0.0.0.0 and ::).</summary>
    public static int? PickRandom(IReadOnlyList<PortRecord> published, string protocol, params string[] hostIps)
    {
        int span = RandomLast - RandomFirst + 1;
        int start = Random.Shared.Next(span);
        for (int i = 0; i < span; i++)
        {
            int port = RandomFirst + ((start + i) % span);
            if (hostIps.All(hostIp => !IsTaken(published, protocol, hostIp, port) && IsBindable(protocol, hostIp, port)))
            {
                return port;
            }
        }

        return null;
    }

    private static bool IsBindable(string protocol, string hostIp, int port)
    {
        try
        {
            var address = IPAddress.Parse(hostIp);
            using var socket = protocol == "udp"
                ? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsV6(string hostIp) => hostIp.Contains(':', StringComparison.Ordinal);

    private static bool IsWildcard(string hostIp) => hostIp is "0.0.0.0" or "::";
}
