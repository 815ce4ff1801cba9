using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux.Files;

/// <summary>
/// Extended attributes of an open fd (f*xattr; not O_PATH fds) or of a host path without following a
/// final symlink (l*xattr). A file system without xattr support reads as having none. Setters
/// return 0, or the errno when the target refused the attribute (ENOTSUP; EPERM, e.g. a trusted.* or
/// security.* name) so each caller decides whether that matters; other failures throw.
/// </summary>
public static unsafe partial class Xattrs
{
    private delegate nint Call(byte* buffer, nuint size);

    /// <summary>The value, or null when the attribute is absent or xattrs are unsupported.</summary>
    public static byte[]? Get(SafeFileHandle fd, string name) =>
        Read((b, n) => fgetxattr(fd, name, b, n), "fgetxattr " + name, "fd", missingIsNull: true);

    /// <inheritdoc cref="Get"/>
    public static byte[]? GetNoFollow(string path, string name) =>
        Read((b, n) => lgetxattr(path, name, b, n), "lgetxattr " + name, path, missingIsNull: true);

    public static IReadOnlyList<string> List(SafeFileHandle fd) =>
        Names(Read((b, n) => flistxattr(fd, b, n), "flistxattr", "fd", missingIsNull: false));

    public static IReadOnlyList<string> ListNoFollow(string path) =>
        Names(Read((b, n) => llistxattr(path, b, n), "llistxattr", path, missingIsNull: false));

    public static int TrySet(SafeFileHandle fd, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* b = value)
        {
            return Refused(fsetxattr(fd, name, b, (nuint)value.Length, 0), "fsetxattr " + name, "fd");
        }
    }

    public static int TrySetNoFollow(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* b = value)
        {
            return Refused(lsetxattr(path, name, b, (nuint)value.Length, 0), "lsetxattr " + name, path);
        }
    }

    /// <summary>setxattr through /proc/self/fd: reaches the inode of an O_PATH fd, which fsetxattr refuses
    /// (never use it on a symlink: setxattr would follow it).</summary>
    public static int TrySetThroughProc(SafeFileHandle fd, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* b = value)
        {
            return Refused(setxattr(FileHandles.ProcPath(fd), name, b, (nuint)value.Length, 0), "setxattr", name);
        }
    }

    private static int Refused(int result, string call, string subject)
    {
        if (result == 0)
        {
            return 0;
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno is Errno.ENOTSUP or Errno.EPERM ? errno : throw new SyscallException(call, subject, errno);
    }

    /// <summary>Asks for the size, then reads; asks again when the value grew in between (ERANGE).
    /// ENOTSUP (and ENODATA for a value) reads as null.</summary>
    private static byte[]? Read(Call call, string name, string subject, bool missingIsNull)
    {
        while (true)
        {
            nint size = call(null, 0);
            if (size < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                return errno == Errno.ENOTSUP || (missingIsNull && errno == Errno.ENODATA) ? null : throw new SyscallException(name, subject, errno);
            }
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                nint read = size == 0 ? 0 : call(b, (nuint)buffer.Length);
                if (read >= 0)
                {
                    return buffer.AsSpan(0, (int)read).ToArray();
                }
            }
            int error = Marshal.GetLastPInvokeError();
            if (error != Errno.ERANGE)
            {
                throw new SyscallException(name, subject, error);
            }
        }
    }

    private static IReadOnlyList<string> Names(byte[]? list) =>
        list is null ? [] : Encoding.UTF8.GetString(list).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint fgetxattr(SafeFileHandle fd, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint flistxattr(SafeFileHandle fd, byte* list, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint llistxattr(string path, byte* list, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fsetxattr(SafeFileHandle fd, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setxattr(string path, string name, byte* value, nuint size, int flags);
}
