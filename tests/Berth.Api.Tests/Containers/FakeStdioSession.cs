using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Berth.Core.Containers;

namespace Berth.Api.Tests.Containers;

/// <summary>An echo process: stdin comes back on stdout; stdin's EOF ends the output.</summary>
internal sealed class FakeStdioSession(bool tty) : IStdioSession
{
    private readonly Channel<OutputFrame> _output = Channel.CreateUnbounded<OutputFrame>();

    public bool Tty { get; } = tty;
    public MemoryStream Stdin { get; } = new();
    public TaskCompletionSource StdinClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public bool Disposed { get; private set; }

    public void Emit(LogStream stream, string text) => _output.Writer.TryWrite(new OutputFrame(stream, System.Text.Encoding.UTF8.GetBytes(text)));

    public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lock (Stdin)
        {
            Stdin.Write(data.Span);
        }

        _output.Writer.TryWrite(new OutputFrame(LogStream.Stdout, data.ToArray()));
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseStdinAsync(CancellationToken cancellationToken)
    {
        StdinClosed.TrySetResult();
        _output.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<OutputFrame> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var frame in _output.Reader.ReadAllAsync(cancellationToken))
        {
            yield return frame;
        }
    }

    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
