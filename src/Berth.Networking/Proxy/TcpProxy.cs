using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Berth.Networking.Proxy;

/// <summary>
/// One published TCP port served from user space: accepts on the host address and splices each
/// connection to the container with two pumps over pooled buffers (no per-read allocation), passing
/// half-closes through. Disposing closes the listener and every open connection, as stopping
/// docker-proxy does.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _acceptLoop;

    /// <summary>Binds and listens at once, so a taken port fails here (SocketException), before anything else changes.</summary>
    public TcpProxy(IPEndPoint listen, IPEndPoint target)
    {
        _target = target;
        _listener = ProxySockets.Bind(listen, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Listen(512);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        _acceptLoop = Task.Run(() => AcceptAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var client in _connections.Keys)
        {
            client.Dispose();
        }

        await Task.WhenAll(_connections.Values.Append(_acceptLoop)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ECONNABORTED and friends: the next client is unaffected.
            }

            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[client] = tcs.Task;
            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client, cancellationToken);
                }
                finally
                {
                    _connections.TryRemove(client, out _);
                    client.Dispose();
                    tcs.SetResult();
                }
            }, CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var upstream = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(ConnectTimeout);
                await upstream.ConnectAsync(_target, connect.Token);
            }

            await Task.WhenAll(PumpAsync(client, upstream, cancellationToken), PumpAsync(upstream, client, cancellationToken));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The container refused or is gone, a side reset, or the proxy is stopping: the client sees the close.
        }
    }

    /// <summary>Copies until <paramref name="from"/> ends, then half-closes <paramref name="to"/>; a failure closes both directions.</summary>
    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                int sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Abort both directions: the other pump ends when its socket fails.
            ProxySockets.Abort(from);
            ProxySockets.Abort(to);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
