using System.Runtime.InteropServices;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux;

/// <summary>
/// (device, inode) of a path or an open file, via statx(2) (one struct layout on every
/// architecture). A log follower compares the two to notice that its file was renamed away.
/// </summary>
public static unsafe partial class FileIdentity
{
    private const int AT_FDCWD = -100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_INO = 0x100;
    private const int BufferSize = 256;
    private const int InoOffset = 32;
    private const int DevMajorOffset = 136;
    private const int DevMinorOffset = 140;

    /// <summary>Null when the path does not exist.</summary>
    public static (ulong Device, ulong Inode)? Of(string path)
    {
        byte* buffer = stackalloc byte[BufferSize];
        if (statx(AT_FDCWD, path, 0, STATX_INO, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ENOENT)
            {
                return null;
            }
            throw new SyscallException("statx", path, errno);
        }
        return Read(buffer);
    }

    public static (ulong Device, ulong Inode) Of(SafeFileHandle file)
    {
        byte* buffer = stackalloc byte[BufferSize];
        bool added = false;
        file.DangerousAddRef(ref added);
        try
        {
            if (statx((int)file.DangerousGetHandle(), "", AT_EMPTY_PATH, STATX_INO, buffer) != 0)
            {
                throw SyscallException.FromLastError("statx", "fd");
            }
        }
        finally
        {
            file.DangerousRelease();
        }
        return Read(buffer);
    }

    private static (ulong, ulong) Read(byte* buffer) =>
        (((ulong)*(uint*)(buffer + DevMajorOffset) << 32) | *(uint*)(buffer + DevMinorOffset), *(ulong*)(buffer + InoOffset));

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
