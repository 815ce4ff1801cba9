using Berth.Linux.Files;

namespace Berth.Runtime.Filesystem;

/// <summary>Go's os.FileMode for a stat, as Docker puts it in ContainerPathStat.</summary>
internal static class GoFileMode
{
    public static uint Of(in FileStat stat)
    {
        uint mode = stat.Mode & 0x1FFu;
        mode |= stat.FileType switch
        {
            FileStat.S_IFDIR => 1u << 31,
            FileStat.S_IFLNK => 1u << 27,
            FileStat.S_IFBLK => 1u << 26,
            FileStat.S_IFCHR => (1u << 26) | (1u << 21),
            FileStat.S_IFIFO => 1u << 25,
            FileStat.S_IFSOCK => 1u << 24,
            _ => 0u,
        };
        if ((stat.Mode & 0x800) != 0)
        {
            mode |= 1u << 23; // setuid
        }
        if ((stat.Mode & 0x400) != 0)
        {
            mode |= 1u << 22; // setgid
        }
        if ((stat.Mode & 0x200) != 0)
        {
            mode |= 1u << 20; // sticky
        }
        return mode;
    }
}
