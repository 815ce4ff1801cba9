namespace Berth.Core.Containers;

/// <summary>A chunk of output from an attached container or exec process.</summary>
public readonly record struct OutputFrame(LogStream Stream, ReadOnlyMemory<byte> Data);

/// <summary>
/// A live connection to a container's (or exec process's) stdio. With a TTY all output arrives as
/// <see cref="LogStream.Stdout"/>. Disposing detaches without stopping the process.
/// </summary>
public interface IStdioSession : IAsyncDisposable
{
    /// <summary>True when the process has a TTY (output is raw, not multiplexed).</summary>
    bool Tty { get; }

    /// <summary>Writes to the process's stdin; throws InvalidOperation when stdin is not open.</summary>
    ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Signals end of input (the process sees EOF on stdin).</summary>
    ValueTask CloseStdinAsync(CancellationToken cancellationToken);

    /// <summary>Output until the process closes its output or the session is disposed.</summary>
    IAsyncEnumerable<OutputFrame> ReadOutputAsync(CancellationToken cancellationToken);

    Task ResizeAsync(int height, int width, CancellationToken cancellationToken);
}

/// <summary>`attach` options (Docker's stream/stdin/stdout/stderr/logs query parameters). Logs replays
/// the container's log (the selected streams) before live output; with Stream false only the log is
/// returned, which also works on a stopped container.</summary>
public sealed record AttachOptions(bool Stdin, bool Stdout, bool Stderr, bool Logs = false, bool Stream = true);
