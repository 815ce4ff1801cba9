using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Storage.Native;

/// <summary>
/// The libc calls the storage layer needs that .NET does not offer (or offers only with
/// symlink-following semantics). Every wrapper checks the return code and throws
/// <see cref="PosixException"/> naming the call and the path.
/// </summary>
internal static unsafe partial class Posix
{
    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int ENODATA = 61;
    public const int ERANGE = 34;
    public const int ENOTSUP = 95;

    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BASIC_STATS = 0x7FF;
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>lstat semantics via statx; returns false when the path does not exist.</summary>
    public static bool TryLstat(string path, out StatX stat)
    {
        fixed (StatX* buffer = &stat)
        {
            if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buffer) == 0)
            {
                return true;
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT)
        {
            return false;
        }

        throw new PosixException("statx", path, errno);
    }

    public static StatX Lstat(string path) =>
        TryLstat(path, out var stat) ? stat : throw new PosixException("statx", path, ENOENT);

    public static void Mknod(string path, uint mode, uint major, uint minor)
    {
        // glibc's gnu_dev_makedev encoding of dev_t.
        var dev = ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
            | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
        Check(mknod(path, mode, dev), "mknod", path);
    }

    public static void Lchown(string path, int uid, int gid) => Check(lchown(path, (uint)uid, (uint)gid), "lchown", path);

    public static void Link(string existingPath, string newPath) => Check(link(existingPath, newPath), "link", newPath);

    /// <summary>Sets atime and mtime without following a final symlink.</summary>
    public static void SetTimesNoFollow(string path, DateTimeOffset accessTime, DateTimeOffset modificationTime)
    {
        var times = stackalloc Timespec[2];
        times[0] = ToTimespec(accessTime);
        times[1] = ToTimespec(modificationTime);
        Check(utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), "utimensat", path);
    }

    /// <summary>lsetxattr; returns the errno instead of throwing for ENOTSUP/EPERM so callers can tolerate them.</summary>
    public static int SetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            if (lsetxattr(path, name, data, (nuint)value.Length, 0) == 0)
            {
                return 0;
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is ENOTSUP or EPERM)
        {
            return errno;
        }

        throw new PosixException("lsetxattr " + name, path, errno);
    }

    /// <summary>lgetxattr; null when the attribute is absent or xattrs are unsupported.</summary>
    public static byte[]? GetXattr(string path, string name)
    {
        while (true)
        {
            var size = lgetxattr(path, name, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is ENODATA or ENOTSUP ? null : throw new PosixException("lgetxattr " + name, path, errno);
            }

            var buffer = new byte[size];
            fixed (byte* data = buffer)
            {
                var read = lgetxattr(path, name, data, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return buffer.AsSpan(0, (int)read).ToArray();
                }
            }

            // The value grew between the two calls; ask again.
            var error = Marshal.GetLastPInvokeError();
            if (error != ERANGE)
            {
                throw new PosixException("lgetxattr " + name, path, error);
            }
        }
    }

    /// <summary>llistxattr; empty when the file system has no xattr support.</summary>
    public static IReadOnlyList<string> ListXattrs(string path)
    {
        while (true)
        {
            var size = llistxattr(path, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno == ENOTSUP ? [] : throw new PosixException("llistxattr", path, errno);
            }

            if (size == 0)
            {
                return [];
            }

            var buffer = new byte[size];
            fixed (byte* data = buffer)
            {
                var read = llistxattr(path, data, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, (int)read).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                }
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != ERANGE)
            {
                throw new PosixException("llistxattr", path, error);
            }
        }
    }

    /// <summary>Flushes a directory's entries (a rename is durable only after this).</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
        {
            throw new PosixException("open", path, Marshal.GetLastPInvokeError());
        }

        try
        {
            Check(fsync(fd), "fsync", path);
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>Flushes the whole file system holding <paramref name="path"/> (one call instead of an fsync per unpacked file).</summary>
    public static void SyncFileSystem(string path)
    {
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
        {
            throw new PosixException("open", path, Marshal.GetLastPInvokeError());
        }

        try
        {
            Check(syncfs(fd), "syncfs", path);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static Timespec ToTimespec(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new Timespec { Seconds = seconds, Nanoseconds = remainder * 100 };
    }

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            throw new PosixException(call, path, Marshal.GetLastPInvokeError());
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, StatX* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint llistxattr(string path, byte* list, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int syncfs(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
