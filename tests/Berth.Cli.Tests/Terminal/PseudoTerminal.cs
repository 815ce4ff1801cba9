using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Cli.Tests.Terminal;

/// <summary>A pty pair for terminal tests: bytes written to the master are the "keyboard" of the slave.</summary>
internal sealed partial class PseudoTerminal : IDisposable
{
    private const int O_RDWR = 2;
    private const int O_NOCTTY = 0x100;
    private const short POLLIN = 1;

    private PseudoTerminal(int master, int slave)
    {
        Master = master;
        Slave = slave;
    }

    public int Master { get; }

    public int Slave { get; }

    public static PseudoTerminal Open()
    {
        var master = posix_openpt(O_RDWR | O_NOCTTY);
        Check(master, "posix_openpt");
        var name = new byte[128];
        Check(grantpt(master), "grantpt");
        Check(unlockpt(master), "unlockpt");
        var rc = ptsname_r(master, name, (nuint)name.Length);
        if (rc != 0)
        {
            throw new IOException($"ptsname_r: errno {rc}");
        }

        var path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        var slave = open(path, O_RDWR | O_NOCTTY);
        Check(slave, "open " + path);
        return new PseudoTerminal(master, slave);
    }

    /// <summary>Types into the terminal.</summary>
    public void Type(ReadOnlySpan<byte> keys)
    {
        var written = write(Master, in MemoryMarshal.GetReference(keys), (nuint)keys.Length);
        if (written != keys.Length)
        {
            throw new IOException($"write to pty master: {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The kernel hands master writes to the line discipline asynchronously: wait until the slave has a line (or EOF) to read.</summary>
    public void WaitForInput()
    {
        var poll = new PollFd { Fd = Slave, Events = POLLIN };
        if (Poll(ref poll, 1, 5000) != 1)
        {
            throw new IOException("the pty slave never became readable");
        }
    }

    public void Dispose()
    {
        _ = close(Slave);
        _ = close(Master);
    }

    private static void Check(int rc, string call)
    {
        if (rc < 0)
        {
            throw new IOException($"{call}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc")]
    private static partial int ptsname_r(int fd, byte[] buffer, nuint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, in byte buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
