using System.Runtime.CompilerServices;
using Berth.Core.Containers;

namespace Berth.Runtime.Stdio;

/// <summary>
/// attach?logs=1: the log so far, then (with stream=1) the live session. The live socket is
/// connected before the log is read, so output written in between is not lost (a record written
/// at that very moment may show twice, as with Docker).
/// </summary>
internal sealed class LogReplaySession(IAsyncEnumerable<LogEntry> log, IStdioSession? live, bool tty) : IStdioSession
{
    public bool Tty => tty;

    public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        live?.WriteStdinAsync(data, cancellationToken) ?? throw new InvalidOperationException("stdin is not attached");

    public ValueTask CloseStdinAsync(CancellationToken cancellationToken) =>
        live?.CloseStdinAsync(cancellationToken) ?? ValueTask.CompletedTask;

    public async IAsyncEnumerable<OutputFrame> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (LogEntry entry in log.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new OutputFrame(tty ? LogStream.Stdout : entry.Stream, entry.Data);
        }
        if (live is null)
        {
            yield break;
        }
        await foreach (OutputFrame frame in live.ReadOutputAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken) =>
        live?.ResizeAsync(height, width, cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => live?.DisposeAsync() ?? ValueTask.CompletedTask;
}
