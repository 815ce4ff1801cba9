using System.Runtime.InteropServices;

namespace Berth.Cli.Commands.Containers;

/// <summary>link(2) for hard links in archives copied out of a container (.NET has no API for it).</summary>
internal static partial class CpNative
{
    public static void Link(string existing, string newPath)
    {
        if (link(existing, newPath) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"link {existing} {newPath}: {Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant()}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldpath, string newpath);
}
