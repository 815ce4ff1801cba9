using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem.Native;

/// <summary>
/// The *at(2) calls container filesystem code does all its I/O with: every name is one component
/// relative to a directory fd (or a path resolved by openat2 with the rootfs as "/"), so a container
/// swapping a directory for a symlink can never redirect the daemon outside the rootfs.
/// </summary>
internal static unsafe partial class FsNative
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_EMPTY_PATH = 0x1000;

    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_IN_ROOT = 0x10;

    public const int ENOENT = 2;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int ENOTSUP = 95;

    private const long SYS_openat2 = 437;
    private const uint STATX_BASIC_STATS = 0x7FF;
    private const long UTIME_OMIT = (1L << 30) - 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>openat2(2) with <paramref name="root"/> as the root of the lookup ("/", "..", and
    /// absolute symlinks all stop at it). Returns null with errno on failure.</summary>
    public static SafeFileHandle? TryOpenInRoot(SafeFileHandle root, string path, int flags, out int errno)
    {
        var how = new OpenHow { Flags = (ulong)(flags | O_CLOEXEC), Resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
        byte[] bytes = Utf8(path.Length == 0 ? "/" : path);
        bool added = false;
        try
        {
            root.DangerousAddRef(ref added);
            int rootFd = (int)root.DangerousGetHandle();
            fixed (byte* p = bytes)
            {
                // The kernel answers EAGAIN when a concurrent rename may have raced the lookup.
                for (int attempt = 0; ; attempt++)
                {
                    long fd = syscall(SYS_openat2, rootFd, p, &how, (nuint)sizeof(OpenHow));
                    if (fd >= 0)
                    {
                        errno = 0;
                        return new SafeFileHandle((nint)fd, ownsHandle: true);
                    }
                    errno = Marshal.GetLastPInvokeError();
                    if (errno != EAGAIN || attempt > 64)
                    {
                        return null;
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                root.DangerousRelease();
            }
        }
    }

    public static SafeFileHandle OpenInRoot(SafeFileHandle root, string path, int flags) =>
        TryOpenInRoot(root, path, flags, out int errno) ?? throw new SyscallException("openat2", path, errno);

    /// <summary>Opens a daemon-owned host directory (an O_PATH handle, or readable with <paramref name="readable"/>).</summary>
    public static SafeFileHandle OpenRoot(string hostPath, bool readable = false)
    {
        int fd = open(hostPath, (readable ? O_RDONLY : O_PATH) | O_DIRECTORY | O_CLOEXEC, 0);
        return fd >= 0 ? new SafeFileHandle(fd, true) : throw Error("open", hostPath);
    }

    public static SafeFileHandle? TryOpenAt(SafeFileHandle dir, string name, int flags, uint mode, out int errno)
    {
        int fd = openat(dir, name, flags | O_CLOEXEC, mode);
        errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        return fd >= 0 ? new SafeFileHandle(fd, true) : null;
    }

    public static SafeFileHandle OpenAt(SafeFileHandle dir, string name, int flags, uint mode = 0) =>
        TryOpenAt(dir, name, flags, mode, out int errno) ?? throw new SyscallException("openat", name, errno);

    /// <summary>statx of <paramref name="name"/> in <paramref name="dir"/> ("" = the fd itself); false on ENOENT/ENOTDIR.</summary>
    public static bool TryStatAt(SafeFileHandle dir, string name, bool follow, out FsStat stat)
    {
        int flags = (follow ? 0 : AT_SYMLINK_NOFOLLOW) | (name.Length == 0 ? AT_EMPTY_PATH : 0);
        fixed (FsStat* s = &stat)
        {
            if (statx(dir, name, flags, STATX_BASIC_STATS, s) == 0)
            {
                return true;
            }
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno is ENOENT or ENOTDIR ? false : throw new SyscallException("statx", name, errno);
    }

    public static FsStat Stat(SafeFileHandle fd) =>
        TryStatAt(fd, "", follow: false, out FsStat stat) ? stat : throw new SyscallException("statx", "fd", ENOENT);

    public static string ReadLinkAt(SafeFileHandle dir, string name)
    {
        for (int size = 256; ; size *= 4)
        {
            byte[] buffer = new byte[size];
            nint n;
            fixed (byte* b = buffer)
            {
                n = readlinkat(dir, name, b, (nuint)size);
            }
            if (n < 0)
            {
                throw Error("readlinkat", name);
            }
            if (n < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)n);
            }
        }
    }

    public static void MkdirAt(SafeFileHandle dir, string name, uint mode) => Check(mkdirat(dir, name, mode), "mkdirat", name);

    public static void MknodAt(SafeFileHandle dir, string name, uint mode, uint major, uint minor)
    {
        // glibc's makedev() encoding.
        ulong dev = ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
        Check(mknodat(dir, name, mode, dev), "mknodat", name);
    }

    public static void SymlinkAt(string target, SafeFileHandle dir, string name) => Check(symlinkat(target, dir, name), "symlinkat", name);

    public static void LinkAt(SafeFileHandle oldDir, string oldName, SafeFileHandle newDir, string newName) =>
        Check(linkat(oldDir, oldName, newDir, newName, 0), "linkat", newName);

    public static void UnlinkAt(SafeFileHandle dir, string name, bool directory) =>
        Check(unlinkat(dir, name, directory ? AT_REMOVEDIR : 0), "unlinkat", name);

    /// <summary>chown of the object an fd (O_PATH allowed) refers to, never following a symlink.</summary>
    public static void Chown(SafeFileHandle fd, uint uid, uint gid) =>
        Check(fchownat(fd, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "fchownat", "fd");

    /// <summary>chmod through /proc/self/fd, which reaches the inode of an O_PATH fd (never a symlink's target: callers skip symlinks).</summary>
    public static void Chmod(SafeFileHandle fd, uint mode) => Check(chmod(ProcPath(fd), mode), "chmod", "fd");

    public static void SetModificationTime(SafeFileHandle fd, DateTimeOffset mtime)
    {
        long ticks = mtime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { Seconds = 0, Nanoseconds = UTIME_OMIT };
        times[1] = new Timespec { Seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest), Nanoseconds = rest * 100 };
        if (times[1].Nanoseconds < 0)
        {
            times[1].Seconds--;
            times[1].Nanoseconds += 1_000_000_000;
        }
        Check(utimensat(fd, "", times, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "utimensat", "fd");
    }

    /// <summary>An extended attribute of an open (non-O_PATH) fd, or null when absent/unsupported.</summary>
    public static byte[]? GetXattr(SafeFileHandle fd, string name)
    {
        byte[] buffer = new byte[256];
        fixed (byte* b = buffer)
        {
            nint n = fgetxattr(fd, name, b, (nuint)buffer.Length);
            if (n >= 0)
            {
                return buffer[..(int)n];
            }
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno is ENODATA or ENOTSUP ? null : throw new SyscallException("fgetxattr", name, errno);
    }

    /// <summary>Sets an xattr on the inode behind an O_PATH fd; false when the filesystem does not support it.</summary>
    public static bool SetXattr(SafeFileHandle fd, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* v = value)
        {
            if (setxattr(ProcPath(fd), name, v, (nuint)value.Length, 0) == 0)
            {
                return true;
            }
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno == ENOTSUP ? false : throw new SyscallException("setxattr", name, errno);
    }

    /// <summary>The magic link that reopens an fd's object (used to enumerate and chmod by fd).</summary>
    public static string ProcPath(SafeFileHandle fd) => "/proc/self/fd/" + fd.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Utf8(string s)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    private static void Check(int result, string call, string subject)
    {
        if (result != 0)
        {
            throw Error(call, subject);
        }
    }

    private static SyscallException Error(string call, string subject) => new(call, subject, Marshal.GetLastPInvokeError());

    // syscall(2) is variadic; on x86-64 and arm64 integer arguments travel in the same registers either way.
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(SafeFileHandle dirfd, string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(SafeFileHandle dirfd, string path, int flags, uint mask, FsStat* stat);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlinkat(SafeFileHandle dirfd, string path, byte* buffer, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(SafeFileHandle dirfd, string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknodat(SafeFileHandle dirfd, string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int symlinkat(string target, SafeFileHandle dirfd, string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(SafeFileHandle olddirfd, string oldpath, SafeFileHandle newdirfd, string newpath, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(SafeFileHandle dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fchownat(SafeFileHandle dirfd, string path, uint uid, uint gid, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chmod(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(SafeFileHandle dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint fgetxattr(SafeFileHandle fd, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setxattr(string path, string name, byte* value, nuint size, int flags);
}
