using System.Runtime.InteropServices;

namespace Berth.Testing;

/// <summary>The few libc calls the harness needs: signals and unmounting.</summary>
internal static partial class LibC
{
    public const int SIGTERM = 15;
    public const int SIGKILL = 9;
    private const int MNT_DETACH = 2;
    private const int ESRCH = 3;
    private const int EINVAL = 22;
    private const int ENOENT = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Native(string target, int flags);

    /// <summary>Sends a signal; false if the process is already gone.</summary>
    public static bool Kill(int pid, int signal)
    {
        if (KillNative(pid, signal) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno == ESRCH)
        {
            return false;
        }
        throw new IOException($"kill({pid}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    /// <summary>Lazily detaches a mount; false if it was not (or no longer) a mount point.</summary>
    public static bool UnmountDetached(string target)
    {
        if (Umount2Native(target, MNT_DETACH) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno is EINVAL or ENOENT)
        {
            return false;
        }
        throw new IOException($"umount2({target}, MNT_DETACH) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
