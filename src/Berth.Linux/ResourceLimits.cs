using System.Runtime.InteropServices;
using Berth.Linux.Native;

namespace Berth.Linux;

/// <summary>getrlimit(2) and the rlimit names the OCI spec uses ("RLIMIT_NOFILE").</summary>
public static partial class ResourceLimits
{
    public const ulong Infinity = ulong.MaxValue;

    private static readonly string[] Names =
    [
        "CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME",
    ];

    /// <summary>Resource number for "nofile"/"RLIMIT_NOFILE" (case-insensitive); -1 when unknown.</summary>
    public static int ResourceOf(string name)
    {
        string n = name.ToUpperInvariant();
        if (n.StartsWith("RLIMIT_", StringComparison.Ordinal))
        {
            n = n[7..];
        }
        return Array.IndexOf(Names, n);
    }

    public static string OciName(int resource) => "RLIMIT_" + Names[resource];

    /// <summary>The current process's (soft, hard) limit; <see cref="Infinity"/> for unlimited.</summary>
    public static (ulong Soft, ulong Hard) Get(int resource)
    {
        Span<ulong> limits = stackalloc ulong[2];
        unsafe
        {
            fixed (ulong* p = limits)
            {
                if (getrlimit(resource, p) != 0)
                {
                    throw SyscallException.FromLastError("getrlimit", OciName(resource));
                }
            }
        }
        return (limits[0], limits[1]);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int getrlimit(int resource, ulong* rlim);
}
