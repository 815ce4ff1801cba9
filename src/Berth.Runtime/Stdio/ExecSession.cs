using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Berth.Core.Containers;

namespace Berth.Runtime.Stdio;

/// <summary>
/// Stdio of a `runc exec` process whose pipes the daemon holds (so exec sessions end with the daemon).
/// Output of stdout and stderr is merged into one channel, keeping which stream each chunk came from.
/// </summary>
internal sealed class ExecSession : IStdioSession
{
    private readonly Process _process;
    private readonly Channel<OutputFrame> _output = Channel.CreateUnbounded<OutputFrame>();
    private readonly bool _stdin;

    public ExecSession(Process process, ExecSpec spec)
    {
        _process = process;
        _stdin = spec.AttachStdin;
        if (!_stdin)
        {
            process.StandardInput.Close();
        }
        Task stdout = PumpAsync(process.StandardOutput.BaseStream, LogStream.Stdout, spec.AttachStdout);
        Task stderr = PumpAsync(process.StandardError.BaseStream, LogStream.Stderr, spec.AttachStderr);
        Completion = Task.WhenAll(stdout, stderr).ContinueWith(_ => _output.Writer.TryComplete(), TaskScheduler.Default);
    }

    public bool Tty => false;

    /// <summary>Completes when both output pipes reached EOF.</summary>
    public Task Completion { get; }

    public async ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!_stdin)
        {
            throw new InvalidOperationException("stdin is not attached");
        }
        await _process.StandardInput.BaseStream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CloseStdinAsync(CancellationToken cancellationToken)
    {
        _process.StandardInput.Close();
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<OutputFrame> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (OutputFrame frame in _output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task PumpAsync(Stream stream, LogStream which, bool forward)
    {
        byte[] buffer = new byte[32 * 1024];
        while (true)
        {
            int n = await stream.ReadAsync(buffer).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }
            if (forward)
            {
                await _output.Writer.WriteAsync(new OutputFrame(which, buffer.AsSpan(0, n).ToArray())).ConfigureAwait(false);
            }
        }
    }
}
