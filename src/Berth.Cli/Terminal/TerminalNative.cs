using System.Runtime.InteropServices;

namespace Berth.Cli.Terminal;

/// <summary>libc terminal calls. The termios struct is handled as opaque bytes: only libc reads it.</summary>
internal static partial class TerminalNative
{
    /// <summary>sizeof(struct termios) is 60 on Linux glibc; the buffer leaves headroom.</summary>
    public const int TermiosSize = 128;

    private const int TCSANOW = 0;
    private const nuint TIOCGWINSZ = 0x5413;

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    public static byte[] GetAttributes(int fd)
    {
        var termios = new byte[TermiosSize];
        if (tcgetattr(fd, ref termios[0]) != 0)
        {
            throw Error("tcgetattr");
        }

        return termios;
    }

    public static void SetAttributes(int fd, byte[] termios)
    {
        if (tcsetattr(fd, TCSANOW, ref termios[0]) != 0)
        {
            throw Error("tcsetattr");
        }
    }

    public static byte[] MakeRaw(byte[] termios)
    {
        var raw = (byte[])termios.Clone();
        cfmakeraw(ref raw[0]);
        return raw;
    }

    /// <summary>The window size as (rows, columns); null when <paramref name="fd"/> is not a terminal.</summary>
    public static (int Rows, int Columns)? GetWindowSize(int fd)
    {
        var size = default(WinSize);
        return ioctl(fd, TIOCGWINSZ, ref size) == 0 ? (size.Rows, size.Columns) : null;
    }

    private static IOException Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, ref byte termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, ref byte termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(ref byte termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, ref WinSize size);
}
