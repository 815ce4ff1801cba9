using System.Runtime.InteropServices;

namespace Berth.Linux;

/// <summary>Syscall ABIs the running kernel accepts besides its native one.</summary>
public static partial class KernelAbi
{
    /// <summary>x32 syscalls are x86_64 numbers with this bit set (arch/x86/include/uapi/asm/unistd.h).</summary>
    private const long X32SyscallBit = 0x40000000;
    private const long GetPidX86_64 = 39;

    private static readonly Lazy<bool> X32 = new(ProbeX32);

    /// <summary>
    /// True when an x32 syscall reaches a handler. Kernels built without CONFIG_X86_X32_ABI, or
    /// booted with syscall.x32=n (Debian's default), answer every x32 number with ENOSYS before any
    /// seccomp filter could matter, so filter rules for SCMP_ARCH_X32 are dead weight there.
    /// </summary>
    public static bool SupportsX32 => X32.Value;

    private static bool ProbeX32()
    {
        if (RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return false;
        }
        // getpid has no side effects; as x32 it either returns our pid or fails with ENOSYS.
        return syscall(X32SyscallBit | GetPidX86_64) >= 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number);
}
