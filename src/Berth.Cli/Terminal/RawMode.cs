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

    private RawMode(int fd, byte[] saved)
    {
        _fd = fd;
        _saved = saved;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Switches <paramref name="fd"/> to raw mode; null when it is not a terminal.</summary>
    public static RawMode? Enable(int fd)
    {
        if (!TerminalNative.IsTerminal(fd))
        {
            return null;
        }

        var saved = TerminalNative.GetAttributes(fd);
        TerminalNative.SetAttributes(fd, TerminalNative.MakeRaw(saved));
        return new RawMode(fd, saved);
    }

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
