using System.Runtime.InteropServices;

namespace Berth.Runtime.Filesystem.Native;

/// <summary>struct statx (linux/stat.h), the fields the container filesystem code reads.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct FsStat
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFSOCK = 0xC000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFIFO = 0x1000;

    [FieldOffset(16)] public uint Nlink;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Ino;
    [FieldOffset(40)] public ulong Size;
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

    /// <summary>overlayfs' whiteout: a 0/0 character device.</summary>
    public readonly bool IsWhiteout => FileType == S_IFCHR && RdevMajor == 0 && RdevMinor == 0;

    public readonly DateTimeOffset ModificationTime =>
        DateTimeOffset.FromUnixTimeSeconds(MtimeSec).AddTicks(MtimeNsec / 100);

    /// <summary>Go's os.FileMode for this stat, as Docker puts it in ContainerPathStat.</summary>
    public readonly uint GoFileMode
    {
        get
        {
            uint mode = Mode & 0x1FFu;
            mode |= FileType switch
            {
                S_IFDIR => 1u << 31,
                S_IFLNK => 1u << 27,
                S_IFBLK => 1u << 26,
                S_IFCHR => (1u << 26) | (1u << 21),
                S_IFIFO => 1u << 25,
                S_IFSOCK => 1u << 24,
                _ => 0u,
            };
            if ((Mode & 0x800) != 0)
            {
                mode |= 1u << 23; // setuid
            }
            if ((Mode & 0x400) != 0)
            {
                mode |= 1u << 22; // setgid
            }
            if ((Mode & 0x200) != 0)
            {
                mode |= 1u << 20; // sticky
            }
            return mode;
        }
    }
}
