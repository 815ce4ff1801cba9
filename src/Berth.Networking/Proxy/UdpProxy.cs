using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Berth.Networking.Proxy;

/// <summary>
/// One published UDP port served from user space: each client address gets its own connected socket
/// towards the container (a "flow"), whose replies go back out of the listening socket to that
/// client. Flows idle for 90 s are dropped, docker-proxy's UDP conntrack timeout.
/// </summary>
internal sealed class UdpProxy : IAsyncDisposable
{
    private const int MaxDatagram = 65535;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);

    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<EndPoint, UdpFlow> _flows = new();
    private readonly Task _receiveLoop;
    private readonly Task _sweepLoop;

    public UdpProxy(IPEndPoint listen, IPEndPoint target)
    {
        _target = target;
        _listener = ProxySockets.Bind(listen, SocketType.Dgram, ProtocolType.Udp);
        _receiveLoop = Task.Run(() => ReceiveAsync(_stop.Token));
        _sweepLoop = Task.Run(() => SweepAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var flow in _flows.Values)
        {
            flow.Socket.Dispose();
        }

        await Task.WhenAll(_flows.Values.Select(f => f.Replies).Append(_receiveLoop).Append(_sweepLoop))
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _flows.Clear();
        _stop.Dispose();
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        EndPoint any = new IPEndPoint(_listener.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _listener.ReceiveFromAsync(buffer.AsMemory(0, MaxDatagram), SocketFlags.None, any, cancellationToken);
                }
                catch (SocketException)
                {
                    continue; // An ICMP error for an earlier reply: keep serving the others.
                }

                var flow = _flows.GetOrAdd(received.RemoteEndPoint, client => Open(client, cancellationToken));
                flow.Touch();
                try
                {
                    await flow.Socket.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, cancellationToken);
                }
                catch (SocketException)
                {
                    // Container not listening (ECONNREFUSED from an earlier datagram): UDP drops, so do we.
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private UdpFlow Open(EndPoint client, CancellationToken cancellationToken)
    {
        var socket = new Socket(_target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(_target);
        var flow = new UdpFlow(socket);
        flow.Replies = Task.Run(() => RelayRepliesAsync(flow, client, cancellationToken), CancellationToken.None);
        return flow;
    }

    private async Task RelayRepliesAsync(UdpFlow flow, EndPoint client, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await flow.Socket.ReceiveAsync(buffer.AsMemory(0, MaxDatagram), SocketFlags.None, cancellationToken);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    continue; // ICMP port unreachable from the container; a later datagram may find a listener.
                }

                flow.Touch();
                await _listener.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, client, cancellationToken);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Flow swept, proxy stopping, or the client vanished.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var (client, flow) in _flows)
                {
                    if (flow.IdleFor > IdleTimeout && _flows.TryRemove(client, out _))
                    {
                        flow.Socket.Dispose();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
