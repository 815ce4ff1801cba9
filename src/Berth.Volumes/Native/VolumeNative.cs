using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Volumes.Native;

/// <summary>
/// The *at(2) calls the copy-up and volume removal work with. Every name handed to them is one
/// component relative to an open directory fd (or a path resolved by openat2 inside a root), so a
/// container that swaps a directory for a symlink cannot redirect the daemon. Failures throw
/// <see cref="SyscallException"/> with the call, the name and errno.
/// </summary>
internal static unsafe partial class VolumeNative
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

    private const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    private const ulong RESOLVE_IN_ROOT = 0x10;
    private const long SYS_openat2 = 437;
    private const uint STATX_BASIC_STATS = 0x7FF;

    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EAGAIN = 11;
    public const int ENOTDIR = 20;
    public const int ENODATA = 61;
    public const int ERANGE = 34;
    public const int ENOTSUP = 95;

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

    /// <summary>openat2(2) with <paramref name="root"/> as "/" for the whole lookup: "..", absolute symlinks and
    /// symlink chains all stay inside it; magic links (/proc/…/fd) are refused. Null with errno on failure.</summary>
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
                // EAGAIN: a concurrent rename may have raced the lookup; the kernel asks to retry.
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

    /// <summary>open(2) of a daemon-controlled host path.</summary>
    public static SafeFileHandle Open(string path, int flags)
    {
        int fd = open(path, flags | O_CLOEXEC, 0);
        return fd >= 0 ? new SafeFileHandle(fd, true) : throw Error("open", path);
    }

    public static SafeFileHandle? TryOpenAt(SafeFileHandle dir, string name, int flags, uint mode, out int errno)
    {
        int fd = openat(dir, name, flags | O_CLOEXEC, mode);
        errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        return fd >= 0 ? new SafeFileHandle(fd, true) : null;
    }

    public static SafeFileHandle OpenAt(SafeFileHandle dir, string name, int flags, uint mode = 0) =>
        TryOpenAt(dir, name, flags, mode, out int errno) ?? throw new SyscallException("openat", name, errno);

    /// <summary>statx of <paramref name="name"/> in <paramref name="dir"/> ("" = the fd itself), never following a final symlink.</summary>
    public static FileStat StatAt(SafeFileHandle dir, string name)
    {
        FileStat stat;
        int flags = AT_SYMLINK_NOFOLLOW | (name.Length == 0 ? AT_EMPTY_PATH : 0);
        if (statx(dir, name, flags, STATX_BASIC_STATS, &stat) != 0)
        {
            throw Error("statx", name.Length == 0 ? "fd" : name);
        }
        return stat;
    }

    public static FileStat Stat(SafeFileHandle fd) => StatAt(fd, "");

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

    /// <summary>The path the kernel has for an open fd (readlink of /proc/self/fd/N).</summary>
    public static string PathOf(SafeFileHandle fd) => File.ResolveLinkTarget(ProcPath(fd), false)?.ToString()
        ?? throw new SyscallException("readlink", ProcPath(fd), ENOENT);

    public static string ProcPath(SafeFileHandle fd) => "/proc/self/fd/" + fd.DangerousGetHandle();

    public static void MkdirAt(SafeFileHandle dir, string name, uint mode) => Check(mkdirat(dir, name, mode), "mkdirat", name);

    public static void SymlinkAt(string target, SafeFileHandle dir, string name) => Check(symlinkat(target, dir, name), "symlinkat", name);

    public static void LinkAt(SafeFileHandle oldDir, string oldName, SafeFileHandle newDir, string newName) =>
        Check(linkat(oldDir, oldName, newDir, newName, 0), "linkat", newName);

    public static void MknodAt(SafeFileHandle dir, string name, uint mode, uint major, uint minor)
    {
        // glibc's makedev() encoding of dev_t.
        ulong dev = ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
        Check(mknodat(dir, name, mode, dev), "mknodat", name);
    }

    public static void UnlinkAt(SafeFileHandle dir, string name, bool directory) =>
        Check(unlinkat(dir, name, directory ? AT_REMOVEDIR : 0), "unlinkat", name);

    /// <summary>lchown of an entry in a directory (never follows a symlink).</summary>
    public static void ChownAt(SafeFileHandle dir, string name, uint uid, uint gid) =>
        Check(fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW | (name.Length == 0 ? AT_EMPTY_PATH : 0)), "fchownat", name);

    /// <summary>chmod of an open fd; O_PATH fds go through /proc/self/fd (never a symlink: callers skip those).</summary>
    public static void Chmod(SafeFileHandle fd, uint mode) => Check(chmod(ProcPath(fd), mode), "chmod", "fd");

    /// <summary>Sets atime and mtime of an entry without following a final symlink ("" = the fd itself).</summary>
    public static void SetTimesAt(SafeFileHandle dir, string name, in FileStat from)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { Seconds = from.AtimeSec, Nanoseconds = from.AtimeNsec };
        times[1] = new Timespec { Seconds = from.MtimeSec, Nanoseconds = from.MtimeNsec };
        int flags = AT_SYMLINK_NOFOLLOW | (name.Length == 0 ? AT_EMPTY_PATH : 0);
        Check(utimensat(dir, name, times, flags), "utimensat", name.Length == 0 ? "fd" : name);
    }

    /// <summary>Extended attribute names of an open (non-O_PATH) fd; empty when unsupported.</summary>
    public static IReadOnlyList<string> ListXattrs(SafeFileHandle fd)
    {
        while (true)
        {
            nint size = flistxattr(fd, null, 0);
            if (size < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                return errno == ENOTSUP ? [] : throw new SyscallException("flistxattr", "fd", errno);
            }
            if (size == 0)
            {
                return [];
            }
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                nint read = flistxattr(fd, b, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, (int)read).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                }
            }
            if (Marshal.GetLastPInvokeError() != ERANGE)
            {
                throw Error("flistxattr", "fd");
            }
        }
    }

    public static byte[]? GetXattr(SafeFileHandle fd, string name)
    {
        while (true)
        {
            nint size = fgetxattr(fd, name, null, 0);
            if (size < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                return errno is ENODATA or ENOTSUP ? null : throw new SyscallException("fgetxattr " + name, "fd", errno);
            }
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                nint read = fgetxattr(fd, name, b, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return buffer.AsSpan(0, (int)read).ToArray();
                }
            }
            if (Marshal.GetLastPInvokeError() != ERANGE)
            {
                throw Error("fgetxattr " + name, "fd");
            }
        }
    }

    /// <summary>fsetxattr; ENOTSUP and EPERM (e.g. trusted.* or security.* the target refuses) are tolerated and returned.</summary>
    public static int SetXattr(SafeFileHandle fd, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* b = value)
        {
            if (fsetxattr(fd, name, b, (nuint)value.Length, 0) == 0)
            {
                return 0;
            }
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno is ENOTSUP or EPERM ? errno : throw new SyscallException("fsetxattr " + name, "fd", errno);
    }

    /// <summary>realpath(3): every symlink of a host path resolved. Null when the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        byte* resolved = realpath(path, null);
        if (resolved == null)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR ? null : throw new SyscallException("realpath", path, errno);
        }
        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    public static void Fsync(SafeFileHandle fd, string what) => Check(fsync(fd), "fsync", what);

    private static void Check(int result, string call, string subject)
    {
        if (result != 0)
        {
            throw Error(call, subject);
        }
    }

    private static SyscallException Error(string call, string subject) => new(call, subject, Marshal.GetLastPInvokeError());

    private static byte[] Utf8(string s)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int dirfd, byte* path, void* how, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(SafeFileHandle dirfd, string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(SafeFileHandle dirfd, string path, int flags, uint mask, FileStat* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlinkat(SafeFileHandle dirfd, string path, byte* buffer, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(SafeFileHandle dirfd, string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int symlinkat(string target, SafeFileHandle dirfd, string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(SafeFileHandle olddirfd, string oldpath, SafeFileHandle newdirfd, string newpath, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknodat(SafeFileHandle dirfd, string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(SafeFileHandle dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fchownat(SafeFileHandle dirfd, string path, uint uid, uint gid, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chmod(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(SafeFileHandle dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint flistxattr(SafeFileHandle fd, byte* list, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint fgetxattr(SafeFileHandle fd, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fsetxattr(SafeFileHandle fd, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(SafeFileHandle fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial byte* realpath(string path, byte* resolved);

    [LibraryImport("libc")]
    private static partial void free(void* pointer);
}
