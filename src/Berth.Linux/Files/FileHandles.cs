using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;
using static Berth.Linux.Files.OpenFlags;

namespace Berth.Linux.Files;

/// <summary>
/// open(2), openat(2) and openat2(2). Code that works inside a tree a container controls opens every
/// name relative to a directory fd, or resolves a whole path with openat2 and the tree's root as "/",
/// so a directory swapped for a symlink cannot redirect the daemon. Every fd is O_CLOEXEC.
/// </summary>
public static unsafe partial class FileHandles
{
    /// <summary>openat2 resolve flag: magic links (/proc/…/fd) are refused.</summary>
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;

    /// <summary>openat2 resolve flag: the dir fd is "/" for the whole lookup ("..", absolute symlinks).</summary>
    public const ulong RESOLVE_IN_ROOT = 0x10;

    private const long SYS_openat2 = 437;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>open(2) of a daemon-controlled host path.</summary>
    public static SafeFileHandle Open(string path, int flags) =>
        TryOpen(path, flags, out int errno) ?? throw new SyscallException("open", path, errno);

    /// <summary>open(2); null with errno on failure.</summary>
    public static SafeFileHandle? TryOpen(string path, int flags, out int errno) => Result(open(path, flags | O_CLOEXEC, 0), out errno);

    public static SafeFileHandle OpenAt(SafeFileHandle dir, string name, int flags, uint mode = 0) =>
        TryOpenAt(dir, name, flags, mode, out int errno) ?? throw new SyscallException("openat", name, errno);

    public static SafeFileHandle? TryOpenAt(SafeFileHandle dir, string name, int flags, uint mode, out int errno) =>
        Result(openat(dir, name, flags | O_CLOEXEC, mode), out errno);

    /// <summary>openat2(2) with <paramref name="root"/> as "/" for the whole lookup: "..", absolute symlinks and
    /// symlink chains all stay inside it; magic links are refused ("" opens the root itself).</summary>
    public static SafeFileHandle OpenInRoot(SafeFileHandle root, string path, int flags) =>
        TryOpenInRoot(root, path, flags, out int errno) ?? throw new SyscallException("openat2", path, errno);

    /// <inheritdoc cref="OpenInRoot"/>
    /// <returns>Null with errno on failure.</returns>
    public static SafeFileHandle? TryOpenInRoot(SafeFileHandle root, string path, int flags, out int errno) =>
        TryOpenAt2(root, path.Length == 0 ? "/" : path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, out errno);

    /// <summary>openat2(2) with the given RESOLVE_* flags; null with errno on failure.</summary>
    public static SafeFileHandle? TryOpenAt2(SafeFileHandle dir, string path, int flags, ulong resolve, out int errno)
    {
        var how = new OpenHow { Flags = (ulong)(flags | O_CLOEXEC), Resolve = resolve };
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        bool added = false;
        try
        {
            dir.DangerousAddRef(ref added);
            int dirFd = (int)dir.DangerousGetHandle();
            fixed (byte* p = bytes)
            {
                // EAGAIN: a concurrent rename may have raced the lookup; the kernel asks to retry.
                for (int attempt = 0; ; attempt++)
                {
                    long fd = syscall(SYS_openat2, dirFd, p, &how, (nuint)sizeof(OpenHow));
                    if (fd >= 0)
                    {
                        errno = 0;
                        return new SafeFileHandle((nint)fd, ownsHandle: true);
                    }
                    errno = Marshal.GetLastPInvokeError();
                    if (errno != Errno.EAGAIN || attempt > 64)
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
                dir.DangerousRelease();
            }
        }
    }

    /// <summary>The magic link that reopens an fd's object (to enumerate or chmod through an O_PATH fd).</summary>
    public static string ProcPath(SafeFileHandle fd) => "/proc/self/fd/" + fd.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);

    /// <summary>The path the kernel has for an open fd (readlink of /proc/self/fd/N).</summary>
    public static string PathOf(SafeFileHandle fd) => File.ResolveLinkTarget(ProcPath(fd), false)?.ToString()
        ?? throw new SyscallException("readlink", ProcPath(fd), Errno.ENOENT);

    private static SafeFileHandle? Result(int fd, out int errno)
    {
        errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : null;
    }

    // syscall(2) is variadic; on x86-64 and arm64 integer arguments travel in the same registers either way.
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(SafeFileHandle dirfd, string path, int flags, uint mode);
}
