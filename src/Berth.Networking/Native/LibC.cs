using System.Runtime.InteropServices;
using Berth.Linux.Native;

namespace Berth.Networking.Native;

/// <summary>The libc calls networking needs: netlink sockets and network namespaces.</summary>
internal static unsafe partial class LibC
{
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_ROUTE = 0;
    public const int CLONE_NEWNET = 0x40000000;
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_RCVBUF = 8;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_EXT_ACK = 11;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, void* address, int addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int fd, void* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recv(int fd, void* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport("libc")]
    public static partial int gettid();

    /// <summary>Throws <see cref="SyscallException"/> with the last errno when <paramref name="result"/> is negative.</summary>
    public static int Check(int result, string syscall, string? subject)
    {
        if (result < 0)
        {
            throw new SyscallException(syscall, subject, Marshal.GetLastPInvokeError());
        }

        return result;
    }

    public static nint Check(nint result, string syscall, string? subject)
    {
        if (result < 0)
        {
            throw new SyscallException(syscall, subject, Marshal.GetLastPInvokeError());
        }

        return result;
    }
}
