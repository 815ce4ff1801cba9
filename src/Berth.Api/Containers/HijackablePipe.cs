using System.IO.Pipelines;

namespace Berth.Api.Containers;

/// <summary>
/// The transport the HTTP layer sees. Until a hijack takes the raw transport it is the real one; after,
/// the HTTP layer's own writes (the response it still wants to send once the endpoint returns)
/// go nowhere, because the stream now belongs to the hijacked attach/exec session, which writes to
/// the real transport directly (and completes it, which would otherwise make the HTTP layer's
/// late write throw and be logged as a broken connection).
/// </summary>
internal sealed class HijackablePipe(IDuplexPipe inner, HalfCloseConnection.HijackState state) : IDuplexPipe
{
    public PipeReader Input => inner.Input;

    public PipeWriter Output { get; } = new HijackableWriter(inner.Output, state);

    private sealed class HijackableWriter(PipeWriter inner, HalfCloseConnection.HijackState state) : PipeWriter
    {
        private byte[] _scratch = [];

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => state.TransportTaken ? 0 : inner.UnflushedBytes;

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            state.TransportTaken ? ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: true)) : inner.WriteAsync(source, cancellationToken);

        public override void Advance(int bytes)
        {
            if (!state.TransportTaken)
            {
                inner.Advance(bytes);
            }
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => state.TransportTaken ? Scratch(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => state.TransportTaken ? Scratch(sizeHint).Span : inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            state.TransportTaken ? ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: true)) : inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush()
        {
            if (!state.TransportTaken)
            {
                inner.CancelPendingFlush();
            }
        }

        public override void Complete(Exception? exception = null)
        {
            if (!state.TransportTaken)
            {
                inner.Complete(exception);
            }
        }

        public override ValueTask CompleteAsync(Exception? exception = null) =>
            state.TransportTaken ? ValueTask.CompletedTask : inner.CompleteAsync(exception);

        private Memory<byte> Scratch(int sizeHint)
        {
            if (_scratch.Length < Math.Max(sizeHint, 4096))
            {
                _scratch = new byte[Math.Max(sizeHint, 4096)];
            }
            return _scratch;
        }
    }
}
