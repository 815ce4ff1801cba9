using System.Runtime.InteropServices;
using Berth.Linux.Native;

namespace Berth.Linux;

/// <summary>prctl(PR_SET_CHILD_SUBREAPER) and waitpid(2) for processes .NET's Process class does not track.</summary>
public static partial class ChildProcesses
{
    private const int PR_SET_CHILD_SUBREAPER = 36;
    private const int WNOHANG = 1;

    /// <summary>Makes orphaned descendants (e.g. daemonized conmon monitors) re-parent to this process
    /// instead of pid 1, so we can reap them (some init processes never do).</summary>
    public static void BecomeSubreaper()
    {
        if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        {
            throw SyscallException.FromLastError("prctl", "PR_SET_CHILD_SUBREAPER");
        }
    }

    /// <summary>Reaps <paramref name="pid"/> if it has exited. Returns the raw wait status, or null when
    /// still running or not our child.</summary>
    public static int? TryReap(int pid)
    {
        int status = 0;
        int r = waitpid(pid, ref status, WNOHANG);
        return r == pid ? status : null;
    }

    /// <summary>Blocks until the child exits; returns its exit code (128+signal when killed).</summary>
    public static int WaitForExit(int pid)
    {
        while (true)
        {
            int status = 0;
            int r = waitpid(pid, ref status, 0);
            if (r == pid)
            {
                return DecodeStatus(status);
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR)
            {
                continue;
            }
            throw new SyscallException("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
        }
    }

    public static int DecodeStatus(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, ref int status, int options);
}
