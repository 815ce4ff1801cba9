using System.Runtime.InteropServices;
using Berth.Linux.Native;

namespace Berth.Volumes.Native;

/// <summary>realpath(3), which only bind mount sources need; the file calls copy-up and volume
/// removal work with are Berth.Linux.Files.</summary>
internal static unsafe partial class VolumeNative
{
    /// <summary>Every symlink of a host path resolved. Null when the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        byte* resolved = realpath(path, null);
        if (resolved == null)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw new SyscallException("realpath", path, errno);
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

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial byte* realpath(string path, byte* resolved);

    [LibraryImport("libc")]
    private static partial void free(void* pointer);
}
