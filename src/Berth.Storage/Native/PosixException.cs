using System.Runtime.InteropServices;

namespace Berth.Storage.Native;

/// <summary>A failed libc call: "lchown /path: Operation not permitted". An IOException so callers
/// that already handle file-system failures handle these too.</summary>
internal sealed class PosixException(string call, string path, int errno)
    : IOException($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}")
{
    public int Errno { get; } = errno;
}
