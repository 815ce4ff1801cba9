using System.Runtime.InteropServices;

namespace Berth.Linux.Native;

/// <summary>A failed system call: which call, on what, and errno (with its strerror text).</summary>
public sealed class SyscallException : IOException
{
    public SyscallException(string syscall, string? subject, int errno)
        : base(Format(syscall, subject, errno))
    {
        Syscall = syscall;
        Subject = subject;
        Errno = errno;
    }

    public string Syscall { get; }
    public string? Subject { get; }
    public int Errno { get; }

    private static string Format(string syscall, string? subject, int errno)
    {
        string text = Marshal.GetPInvokeErrorMessage(errno);
        return subject is null ? $"{syscall}: {text} (errno {errno})" : $"{syscall} {subject}: {text} (errno {errno})";
    }

    /// <summary>Throws for the errno of the last failed P/Invoke (declared with SetLastError).</summary>
    internal static SyscallException FromLastError(string syscall, string? subject) =>
        new(syscall, subject, Marshal.GetLastPInvokeError());

    /// <summary>Throws for the last errno when a call returning 0/-1 failed.</summary>
    internal static void ThrowIfFailed(int result, string syscall, string? subject)
    {
        if (result != 0)
        {
            throw FromLastError(syscall, subject);
        }
    }
}
