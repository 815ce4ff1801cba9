using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Api.Containers;

/// <summary>
/// Kestrel treats a client's FIN as the end of the whole connection and aborts the request. A
/// hijacked attach/exec stream needs TCP half-close instead (`echo hi | docker run -i busybox cat`
/// sends stdin, shuts its write side, and keeps reading the output). This connection middleware
/// hides the FIN from the HTTP layer once the connection is hijacked; the hijacked reader still
/// sees it as end of input.
/// </summary>
public static class HalfCloseConnection
{
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => connection =>
    {
        var state = new HijackState();
        connection.Features.Set(state);
        return next(new Context(connection, state));
    };

    /// <summary>Set on the connection's features; <see cref="HijackedConnection"/> marks it.</summary>
    internal sealed class HijackState
    {
        public volatile bool Hijacked;

        /// <summary>The raw transport was taken over (a request with a body, which Kestrel will not
        /// upgrade): from then on the HTTP layer must not write to it any more.</summary>
        public volatile bool TransportTaken;
    }

    private sealed class Context : ConnectionContext
    {
        private readonly ConnectionContext _inner;
        private readonly CancellationTokenSource _closed = new();
        private IDuplexPipe _transport;

        public Context(ConnectionContext inner, HijackState state)
        {
            _inner = inner;
            // The HTTP layer gets a transport it can no longer write to once the connection is
            // hijacked; the hijacked session uses the real one (IConnectionTransportFeature).
            _transport = new HijackablePipe(inner.Transport, state);
            inner.ConnectionClosed.Register(() =>
            {
                if (!state.Hijacked)
                {
                    _closed.Cancel();
                }
            });
        }

        public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }
        public override IFeatureCollection Features => _inner.Features;
        public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }
        public override IDuplexPipe Transport { get => _transport; set => _transport = value; }
        public override CancellationToken ConnectionClosed { get => _closed.Token; set => throw new NotSupportedException(); }
        public override EndPoint? LocalEndPoint { get => _inner.LocalEndPoint; set => _inner.LocalEndPoint = value; }
        public override EndPoint? RemoteEndPoint { get => _inner.RemoteEndPoint; set => _inner.RemoteEndPoint = value; }

        public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

        public override void Abort() => _inner.Abort();

        public override async ValueTask DisposeAsync()
        {
            _closed.Dispose();
            await _inner.DisposeAsync();
        }
    }
}
