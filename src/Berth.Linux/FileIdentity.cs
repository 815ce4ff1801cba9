using Berth.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux;

/// <summary>
/// (device, inode) of a path or an open file. A log follower compares the two to notice that its
/// file was renamed away.
/// </summary>
public static class FileIdentity
{
    /// <summary>Null when the path does not exist.</summary>
    public static (ulong Device, ulong Inode)? Of(string path) =>
        FileStatus.TryStat(path, follow: true, out FileStat stat) ? (stat.Device, stat.Ino) : null;

    public static (ulong Device, ulong Inode) Of(SafeFileHandle file)
    {
        FileStat stat = FileStatus.Stat(file);
        return (stat.Device, stat.Ino);
    }
}
