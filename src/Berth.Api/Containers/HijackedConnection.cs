using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Berth.Api.Streaming;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Api.Containers;

/// <summary>
/// The connection of an attach or exec start, taken over from HTTP as dockerd's "hijack" does.
/// With "Upgrade: tcp" the answer is 101 and the socket becomes a duplex byte stream: client bytes
/// are stdin, a half-close is stdin's EOF. Kestrel only upgrades requests without a body, and
/// exec start has one ({"Detach":false,...}); that request is taken over on the raw transport once
/// its body is read. Without Upgrade the output is an ordinary streamed 200 body and there is no input.
/// </summary>
internal sealed class HijackedConnection : IAsyncDisposable
{
    private readonly HttpContext _context;
    private readonly IDuplexPipe? _transport;
    private readonly Stream? _upgraded;

    private HijackedConnection(HttpContext context, Stream output, Stream? input, IDuplexPipe? transport, Stream? upgraded)
    {
        _context = context;
        Output = output;
        Input = input;
        _transport = transport;
        _upgraded = upgraded;
    }

    public Stream Output { get; }

    /// <summary>The client's bytes; null when the request was not upgraded (no input channel).</summary>
    public Stream? Input { get; }

    public static async Task<HijackedConnection> AcceptAsync(HttpContext context, bool tty, CancellationToken cancellationToken)
    {
        var contentType = StdioWriter.ContentType(tty);
        var hijack = context.Features.Get<HalfCloseConnection.HijackState>();
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is { IsUpgradableRequest: true })
        {
            context.Response.ContentType = contentType;
            context.Response.Headers.Upgrade = "tcp";
            hijack?.Hijacked = true;
            var stream = await upgrade.UpgradeAsync();
            return new HijackedConnection(context, stream, stream, null, stream);
        }

        if (context.Request.Headers.Upgrade.Count > 0
            && context.Features.Get<IConnectionTransportFeature>()?.Transport is { } transport)
        {
            // Whatever is left of the body must not be mistaken for stdin.
            await context.Request.Body.CopyToAsync(Stream.Null, cancellationToken);
            hijack?.Hijacked = true;
            hijack?.TransportTaken = true;
            var head = "HTTP/1.1 101 UPGRADED\r\n"
                + $"Content-Type: {contentType}\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n"
                + $"Api-Version: {context.Response.Headers["Api-Version"]}\r\n"
                + "\r\n";
            if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                // The output goes to the socket itself, and its end is a shutdown of the socket's send
                // side, which the kernel delivers after every byte written before it. Through the
                // transport pipe, output written just before the end could be lost: the HTTP layer
                // tears the connection down once the endpoint returns, racing the pipe's send loop.
                await transport.Output.FlushAsync(cancellationToken);
                var output = new NetworkStream(socket, ownsSocket: false);
                await output.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
                return new HijackedConnection(context, output, transport.Input.AsStream(leaveOpen: true), null, null) { _socket = socket };
            }
            await transport.Output.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            await transport.Output.FlushAsync(cancellationToken);
            return new HijackedConnection(context, transport.Output.AsStream(leaveOpen: true), transport.Input.AsStream(leaveOpen: true), transport, null);
        }

        StreamingResponse.DisableBuffering(context);
        context.Response.ContentType = contentType;
        await context.Response.StartAsync(cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        return new HijackedConnection(context, context.Response.Body, null, null, null);
    }

    private System.Net.Sockets.Socket? _socket;

    public async ValueTask DisposeAsync()
    {
        if (_socket is not null)
        {
            try
            {
                _socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // The client is gone already.
            }
        }

        if (_upgraded is not null)
        {
            await _upgraded.DisposeAsync();
        }

        if (_transport is not null)
        {
            // Completing the writer sends what is buffered, then closes the socket. (Aborting instead
            // would drop unsent output.) The HTTP layer's own late response goes nowhere (HijackablePipe).
            await _transport.Output.CompleteAsync();
        }
    }
}
