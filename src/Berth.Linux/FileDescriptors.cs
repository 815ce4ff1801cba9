using System.Runtime.InteropServices;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux;

/// <summary>open(2) variants .NET does not offer.</summary>
public static partial class FileDescriptors
{
    private const int O_PATH = 0x200000;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;
    private const int O_WRONLY = 0x1;
    private const int O_NONBLOCK = 0x800;
    private const int ENXIO = 6;

    /// <summary>An O_PATH handle on a directory. "/proc/self/fd/&lt;fd&gt;/name" then reaches entries whose
    /// full path is longer than a unix socket address allows (108 bytes), as conmon and podman do.</summary>
    public static SafeFileHandle OpenDirectoryPath(string path)
    {
        int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw SyscallException.FromLastError("open", path);
        }
        return new SafeFileHandle(fd, true);
    }

    /// <summary>Opens a fifo for writing without blocking: null when nobody has it open for reading
    /// (ENXIO) or it does not exist, so a dead reader (an exited conmon) cannot hang the caller.</summary>
    public static SafeFileHandle? OpenFifoForWriting(string path)
    {
        int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, true);
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno is ENXIO or Errno.ENOENT)
        {
            return null;
        }
        throw new SyscallException("open", path, errno);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);
}
