using System.Runtime.InteropServices;

namespace Berth.Cli.Terminal;

/// <summary>libc terminal calls. The termios struct is handled as opaque bytes: only libc reads it.</summary>
internal static partial class TerminalNative
{
    /// <summary>sizeof(struct termios) is 60 on Linux glibc; the buffer leaves headroom.</summary>
    public const int TermiosSize = 128;

    private const int TCSANOW = 0;
    private const nuint TIOCGWINSZ = 0x5413;
    private const nuint FIONREAD = 0x541B;

    // struct termios on Linux: c_iflag, c_oflag, c_cflag, c_lflag (4 bytes each), c_line, c_cc[32].
    private const int LflagOffset = 12;
    private const int CcOffset = 17;
    private const int VEOF = 4;
    private const uint ICANON = 0x2;

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

    public static bool IsCanonical(byte[] termios) => (BitConverter.ToUInt32(termios, LflagOffset) & ICANON) != 0;

    public static byte EndOfFileChar(byte[] termios) => termios[CcOffset + VEOF];

    /// <summary>Reads, without blocking, whatever input the terminal already holds.</summary>
    public static byte[] ReadPending(int fd)
    {
        var count = 0;
        if (ioctl(fd, FIONREAD, ref count) != 0)
        {
            throw Error("ioctl(FIONREAD)");
        }

        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var n = read(fd, ref buffer[total], (nuint)(count - total));
            if (n < 0)
            {
                throw Error("read");
            }

            if (n == 0)
            {
                break;
            }

            total += (int)n;
        }

        return buffer[..total];
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

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, ref int value);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, ref byte buffer, nuint count);
}
