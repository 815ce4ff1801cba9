using System.Net.Sockets;
using System.Runtime.InteropServices;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux;

/// <summary>
/// socketpair(2) for talking to a helper over an inherited descriptor (conmon's _OCI_*PIPE): the
/// helper only read()s and write()s it like a pipe, while our end is a real <see cref="Socket"/>,
/// so waiting on it is asynchronous instead of parking a thread on a blocking pipe read.
/// </summary>
public static unsafe partial class UnixSocketPair
{
    private const int AF_UNIX = 1;
    private const int SOCK_STREAM = 1;
    private const int SOCK_CLOEXEC = 0x80000;

    /// <summary>Both ends close-on-exec: (our end as a socket, the end to hand to a child).</summary>
    public static (Socket Parent, SafeFileHandle Child) Create()
    {
        int* fds = stackalloc int[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        {
            throw SyscallException.FromLastError("socketpair", null);
        }
        var parent = new Socket(new SafeSocketHandle(fds[0], ownsHandle: true));
        return (parent, new SafeFileHandle(fds[1], ownsHandle: true));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, int* fds);
}
