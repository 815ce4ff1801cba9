using System.Runtime.InteropServices;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;
using static Berth.Linux.Files.AtFlags;

namespace Berth.Linux.Files;

/// <summary>statx(2) into <see cref="FileStat"/>, by path or relative to a directory fd.</summary>
public static unsafe partial class FileStatus
{
    private const uint STATX_BASIC_STATS = 0x7FF;

    /// <summary>statx of <paramref name="name"/> in <paramref name="dir"/> ("" = the fd itself); false on ENOENT/ENOTDIR.</summary>
    public static bool TryStatAt(SafeFileHandle dir, string name, bool follow, out FileStat stat)
    {
        int flags = (follow ? 0 : AT_SYMLINK_NOFOLLOW) | (name.Length == 0 ? AT_EMPTY_PATH : 0);
        fixed (FileStat* s = &stat)
        {
            if (statx(dir, name, flags, STATX_BASIC_STATS, s) == 0)
            {
                return true;
            }
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw new SyscallException("statx", name, errno);
    }

    /// <summary>statx of an entry in <paramref name="dir"/> ("" = the fd itself), never following a final symlink.</summary>
    public static FileStat StatAt(SafeFileHandle dir, string name)
    {
        FileStat stat;
        SyscallException.ThrowIfFailed(statx(dir, name, NoFollow(name), STATX_BASIC_STATS, &stat), "statx", Subject(name));
        return stat;
    }

    /// <summary>statx of what an fd (O_PATH allowed) refers to.</summary>
    public static FileStat Stat(SafeFileHandle fd) => StatAt(fd, "");

    /// <summary>statx of a host path; false when it does not exist (ENOENT).</summary>
    public static bool TryStat(string path, bool follow, out FileStat stat)
    {
        fixed (FileStat* s = &stat)
        {
            if (statx(AT_FDCWD, path, follow ? 0 : AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, s) == 0)
            {
                return true;
            }
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ENOENT ? false : throw new SyscallException("statx", path, errno);
    }

    /// <summary>lstat semantics; false when the path does not exist.</summary>
    public static bool TryLstat(string path, out FileStat stat) => TryStat(path, follow: false, out stat);

    public static FileStat Lstat(string path) =>
        TryLstat(path, out FileStat stat) ? stat : throw new SyscallException("statx", path, Errno.ENOENT);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(SafeFileHandle dirfd, string path, int flags, uint mask, FileStat* buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, FileStat* buffer);
}
