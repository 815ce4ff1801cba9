using System.Net;
using System.Net.Sockets;

namespace Berth.Networking.Proxy;

/// <summary>Socket setup shared by the TCP and UDP proxies.</summary>
internal static class ProxySockets
{
    /// <summary>A socket bound to <paramref name="endpoint"/>: IPv6 ones are IPv6-only, so [::]:80 and 0.0.0.0:80 stay
    /// separate bindings as in Docker; SO_REUSEADDR lets a restarted daemon bind over connections in TIME_WAIT.</summary>
    public static Socket Bind(IPEndPoint endpoint, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(endpoint.AddressFamily, type, protocol);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            if (type == SocketType.Stream)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Shuts a connection down both ways, ignoring one that is already closed.</summary>
    public static void Abort(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
