using Berth.Cli.Terminal;
using Xunit;

namespace Berth.Cli.Tests.Terminal;

public class RawModeTests
{
    [Fact]
    public void LineModeEndOfFileTypedBeforeTheSwitchComesBackAsTheEofKeyNotANul()
    {
        using var pty = PseudoTerminal.Open();
        // What `script < /dev/null` does at once: pass its stdin's EOF on as the EOF key, while
        // the terminal is still in line mode. The kernel queues it as a NUL end-of-line marker.
        pty.Type([0x04]);
        pty.WaitForInput();
        using var raw = RawMode.Enable(pty.Slave);
        Assert.NotNull(raw);
        Assert.Equal([0x04], raw.PendingInput);
    }

    [Fact]
    public void TypeAheadIsKeptInOrder()
    {
        using var pty = PseudoTerminal.Open();
        // One write: the line discipline gets it in one piece, so the first readable line means all of it arrived.
        pty.Type("ls\nab\u0004"u8);
        pty.WaitForInput();
        using var raw = RawMode.Enable(pty.Slave);
        Assert.Equal("ls\nab\u0004"u8.ToArray(), raw!.PendingInput);
    }

    [Fact]
    public void NothingPendingAndTheTerminalIsRestored()
    {
        using var pty = PseudoTerminal.Open();
        var before = TerminalNative.GetAttributes(pty.Slave);
        using (var raw = RawMode.Enable(pty.Slave))
        {
            Assert.Empty(raw!.PendingInput);
            Assert.False(TerminalNative.IsCanonical(TerminalNative.GetAttributes(pty.Slave)));
        }

        Assert.True(TerminalNative.IsCanonical(TerminalNative.GetAttributes(pty.Slave)));
        Assert.Equal(before[..60], TerminalNative.GetAttributes(pty.Slave)[..60]);
    }

    [Fact]
    public void RestoreEndOfFileReplacesOnlyNulMarkers()
    {
        byte[] pending = [(byte)'a', 0, (byte)'b', 0];
        RawMode.RestoreEndOfFile(pending, 0x04);
        Assert.Equal([(byte)'a', 4, (byte)'b', 4], pending);
    }
}
