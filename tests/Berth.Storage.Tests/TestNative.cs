using System.Runtime.InteropServices;

namespace Berth.Storage.Tests;

/// <summary>mount(2)/umount2(2) for tests that need a real overlay mount.</summary>
internal static partial class TestNative
{
    private const int MNT_DETACH = 2;

    public static void MountOverlay(string target, string options)
    {
        if (mount("overlay", target, "overlay", 0, options) != 0)
        {
            throw new IOException($"mount overlay {target}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    public static void Unmount(string target)
    {
        if (umount2(target, MNT_DETACH) != 0)
        {
            throw new IOException($"umount2 {target}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string fstype, ulong flags, string data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
