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

    public static bool IsTaken(IEnumerable<PortRecord> published, string protocol, string hostIp, int port) =>
        published.Any(p => p.Protocol == protocol && p.HostPort == port && (p.HostIp == hostIp || p.HostIp == "0.0.0.0" || hostIp == "0.0.0.0"));

    public static int? PickRandom(IReadOnlyList<PortRecord> published, string protocol, string hostIp)
    {
        int span = RandomLast - RandomFirst + 1;
        int start = Random.Shared.Next(span);
        for (int i = 0; i < span; i++)
        {
            int port = RandomFirst + ((start + i) % span);
            if (!IsTaken(published, protocol, hostIp, port) && IsBindable(protocol, hostIp, port))
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
            using var socket = protocol == "udp"
                ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(hostIp), port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
