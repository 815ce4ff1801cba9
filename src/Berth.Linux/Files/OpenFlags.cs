namespace Berth.Linux.Files;

/// <summary>open(2) flags (asm-generic values: x86-64 and arm64 agree). O_CLOEXEC is added by every
/// <see cref="FileHandles"/> call, so callers never leak an fd into a child process.</summary>
public static class OpenFlags
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;
}
