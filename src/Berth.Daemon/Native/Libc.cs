using System.Runtime.InteropServices;

namespace Berth.Daemon.Native;

/// <summary>The few libc calls berthd's host needs (socket ownership).</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, uint owner, uint group);

    /// <summary>chown(2); throws IOException with errno's text on failure.</summary>
    public static void Chown(string path, uint owner, uint group)
    {
        if (ChownNative(path, owner, group) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"chown {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }
}
