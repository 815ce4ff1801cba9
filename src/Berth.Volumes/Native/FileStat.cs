using System.Runtime.InteropServices;

namespace Berth.Volumes.Native;

/// <summary>struct statx (linux/stat.h); the same layout on every architecture.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct FileStat
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFDIR = 0x4000;

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
    public readonly uint Permissions => Mode & 0xFFFu;
    public readonly bool IsDirectory => FileType == S_IFDIR;
    public readonly bool IsSymlink => FileType == S_IFLNK;
    public readonly bool IsRegular => FileType == S_IFREG;
    public readonly ulong Device => ((ulong)DevMajor << 32) | DevMinor;
}
