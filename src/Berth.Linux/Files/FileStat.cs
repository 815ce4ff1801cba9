using System.Runtime.InteropServices;

namespace Berth.Linux.Files;

/// <summary>
/// struct statx (linux/stat.h). Used instead of struct stat because its layout is the same on
/// every architecture, so no per-arch struct definitions are needed. Filled by <see cref="FileStatus"/>.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
public struct FileStat
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFSOCK = 0xC000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFIFO = 0x1000;

    [FieldOffset(0)] public uint Mask;
    [FieldOffset(16)] public uint Nlink;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Ino;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(64)] public long AtimeSec;
    [FieldOffset(72)] public uint AtimeNsec;
    [FieldOffset(112)] public long MtimeSec;
    [FieldOffset(120)] public uint MtimeNsec;
    [FieldOffset(128)] public uint RdevMajor;
    [FieldOffset(132)] public uint RdevMinor;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;

    public readonly uint FileType => Mode & S_IFMT;

    /// <summary>Permission plus setuid/setgid/sticky bits.</summary>
    public readonly uint Permissions => Mode & 0xFFFu;

    public readonly bool IsDirectory => FileType == S_IFDIR;

    public readonly bool IsSymlink => FileType == S_IFLNK;

    public readonly bool IsRegular => FileType == S_IFREG;

    /// <summary>overlayfs marks a deleted lower file with a 0/0 character device.</summary>
    public readonly bool IsWhiteout => FileType == S_IFCHR && RdevMajor == 0 && RdevMinor == 0;

    /// <summary>The device holding the file, as one number (major in the high half).</summary>
    public readonly ulong Device => ((ulong)DevMajor << 32) | DevMinor;

    public readonly Timespec AccessTime => new(AtimeSec, AtimeNsec);

    public readonly Timespec ModifyTime => new(MtimeSec, MtimeNsec);

    public readonly DateTimeOffset ModificationTime =>
        DateTimeOffset.FromUnixTimeSeconds(MtimeSec).AddTicks(MtimeNsec / 100);
}
