namespace Berth.Cli.Terminal;

/// <summary>
/// Puts a terminal in raw mode (no echo, no line editing, no signal keys: Ctrl-C reaches the
/// container as a byte) and restores the saved state on dispose, however the command ends.
/// </summary>
internal sealed class RawMode : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _saved;
    private int _restored;

    private RawMode(int fd, byte[] saved, byte[] pendingInput)
    {
        _fd = fd;
        _saved = saved;
        PendingInput = pendingInput;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>
    /// Input typed before the switch, to send ahead of anything read later. A line-mode end-of-file
    /// (Ctrl-D, or `script` passing on its stdin's EOF) sits in the kernel's buffer as a NUL byte,
    /// and a raw read would hand that NUL to the container; it is given back as the EOF key instead.
    /// </summary>
    public byte[] PendingInput { get; }

    /// <summary>Switches <paramref name="fd"/> to raw mode; null when it is not a terminal.</summary>
    public static RawMode? Enable(int fd)
    {
        if (!TerminalNative.IsTerminal(fd))
        {
            return null;
        }

        var saved = TerminalNative.GetAttributes(fd);
        TerminalNative.SetAttributes(fd, TerminalNative.MakeRaw(saved));
        var pending = TerminalNative.ReadPending(fd);
        if (TerminalNative.IsCanonical(saved))
        {
            RestoreEndOfFile(pending, TerminalNative.EndOfFileChar(saved));
        }

        return new RawMode(fd, saved, pending);
    }

    /// <summary>n_tty stores a canonical-mode EOF as a NUL in its buffer; put the EOF key back in its place.</summary>
    internal static void RestoreEndOfFile(Span<byte> pending, byte endOfFile) => pending.Replace((byte)0, endOfFile);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            TerminalNative.SetAttributes(_fd, _saved);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();
}
