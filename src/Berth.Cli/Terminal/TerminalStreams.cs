using Microsoft.Win32.SafeHandles;

namespace Berth.Cli.Terminal;

/// <summary>
/// Direct stdin for interactive sessions: Console's own terminal stdin stream edits lines, which
/// would hold keystrokes back from the container.
/// </summary>
internal static class TerminalStreams
{
    public const int StdinFd = 0;
    public const int StdoutFd = 1;

    public static Stream OpenStdin() => new FileStream(new SafeFileHandle(StdinFd, ownsHandle: false), FileAccess.Read, bufferSize: 0);
}
