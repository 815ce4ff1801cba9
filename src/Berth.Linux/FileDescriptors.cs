using Berth.Linux.Files;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;
using static Berth.Linux.Files.OpenFlags;

namespace Berth.Linux;

/// <summary>open(2) variants .NET does not offer.</summary>
public static class FileDescriptors
{
    /// <summary>An O_PATH handle on a directory. "/proc/self/fd/&lt;fd&gt;/name" then reaches entries whose
    /// full path is longer than a unix socket address allows (108 bytes), as conmon and podman do.</summary>
    public static SafeFileHandle OpenDirectoryPath(string path) => FileHandles.Open(path, O_PATH | O_DIRECTORY);

    /// <summary>Opens a fifo for writing without blocking: null when nobody has it open for reading
    /// (ENXIO) or it does not exist, so a dead reader (an exited conmon) cannot hang the caller.</summary>
    public static SafeFileHandle? OpenFifoForWriting(string path)
    {
        SafeFileHandle? fifo = FileHandles.TryOpen(path, O_WRONLY | O_NONBLOCK, out int errno);
        return fifo is not null || errno is Errno.ENXIO or Errno.ENOENT ? fifo : throw new SyscallException("open", path, errno);
    }
}
