using System.Net;
using System.Net.Sockets;

namespace Berth.Networking.Dns;

/// <summary>
/// One network's DNS server: UDP and TCP on the network's gateway address. Containers on user-defined
/// networks get "nameserver &lt;gateway&gt;" in resolv.conf (Docker instead answers on 127.0.0.11 inside
/// each container's namespace with DNAT rules there; a server on the gateway needs no per-container
/// rules and no thread inside the namespace). What a query may see depends on who asks
/// (<see cref="DnsDirectory.ScopeFor"/>): the scope function reads the service's current snapshot.
/// </summary>
internal sealed class DnsServer : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly DnsResponder _responder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private readonly Func<IPAddress, DnsScope> _scopeOf;

    public DnsServer(IPEndPoint endpoint, DnsResponder responder, Func<IPAddress, DnsScope> scopeOf)
    {
        _responder = responder;
        _scopeOf = scopeOf;
        _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _tcp = new TcpListener(endpoint);
        try
        {
            _udp.Bind(endpoint);
            _tcp.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _tcp.Start();
        }
        catch
        {
            _udp.Dispose();
            _tcp.Stop();
            throw;
        }

        Endpoint = (IPEndPoint)_udp.LocalEndPoint!;
        _udpLoop = Task.Run(() => ServeUdpAsync(_stop.Token));
        _tcpLoop = Task.Run(() => ServeTcpAsync(_stop.Token));
    }

    public IPEndPoint Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ServeUdpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP errors from earlier replies surface here; keep serving.
            }

            var query = buffer[..received.ReceivedBytes];
            var client = received.RemoteEndPoint;
            _ = Task.Run(async () =>
            {
                try
                {
                    var answer = await _responder.RespondAsync(query, _scopeOf(((IPEndPoint)client).Address), overTcp: false, cancellationToken);
                    if (answer is not null)
                    {
                        await _udp.SendToAsync(answer, SocketFlags.None, client, cancellationToken);
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client is gone or we are stopping.
                }
            }, cancellationToken);
        }
    }

    private async Task ServeTcpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeConnectionAsync(client, cancellationToken), cancellationToken);
        }
    }

    private async Task ServeConnectionAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                var stream = client.GetStream();
                var asker = ((IPEndPoint)client.Client.RemoteEndPoint!).Address;
                while (await DnsTcp.ReadAsync(stream, idle.Token) is { } query)
                {
                    var answer = await _responder.RespondAsync(query, _scopeOf(asker), overTcp: true, idle.Token);
                    if (answer is null)
                    {
                        return;
                    }

                    await DnsTcp.WriteAsync(stream, answer, idle.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Connection closed, idle timeout or shutdown.
            }
        }
    }
}
