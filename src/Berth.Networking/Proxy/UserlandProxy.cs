using System.Net;
using System.Net.Sockets;
using Berth.Core.Errors;
using Berth.Networking.Store;

namespace Berth.Networking.Proxy;

/// <summary>
/// The published ports kernel DNAT cannot serve, forwarded from inside berthd instead of one
/// docker-proxy process each: IPv6 loopback (IPv6 has no route_localnet, so a DNAT from ::1 never
/// leaves lo) and IPv6 host addresses of a container without an IPv6 address (NAT does not change
/// families). The port records in the database say which exist; this keeps the live sockets.
/// Callers serialize access (NetworkService's lock).
/// </summary>
internal sealed class UserlandProxy : IAsyncDisposable
{
    private readonly Dictionary<PortRecord, IAsyncDisposable> _running = [];

    /// <summary>True when <paramref name="port"/> is served by this proxy rather than by a DNAT rule.</summary>
    public static bool IsNeeded(PortRecord port)
    {
        if (!IPAddress.TryParse(port.HostIp, out var host) || host.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        return IPAddress.IsLoopback(host) || !port.ContainerIp.Contains(':', StringComparison.Ordinal);
    }

    public bool IsRunning(PortRecord port) => _running.ContainsKey(port);

    /// <summary>Binds the host side now; a port held by another program fails with Docker's wording and nothing started.</summary>
    public void Start(PortRecord port)
    {
        if (_running.ContainsKey(port))
        {
            return;
        }

        var listen = new IPEndPoint(IPAddress.Parse(port.HostIp), port.HostPort);
        var target = new IPEndPoint(IPAddress.Parse(port.ContainerIp), port.ContainerPort);
        try
        {
            _running[port] = port.Protocol == "udp" ? new UdpProxy(listen, target) : new TcpProxy(listen, target);
        }
        catch (SocketException e)
        {
            string family = port.Protocol + (listen.AddressFamily == AddressFamily.InterNetworkV6 ? "6" : "4");
            string reason = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
            throw EngineException.Internal($"Error starting userland proxy: listen {family} {listen}: bind: {reason}", e);
        }
    }

    public async Task StopAsync(PortRecord port)
    {
        if (_running.Remove(port, out var proxy))
        {
            await proxy.DisposeAsync();
        }
    }

    public async Task StopContainerAsync(string containerId)
    {
        foreach (var port in _running.Keys.Where(p => p.ContainerId == containerId).ToList())
        {
            await StopAsync(port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var port in _running.Keys.ToList())
        {
            await StopAsync(port);
        }
    }
}
