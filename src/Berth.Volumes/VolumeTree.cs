using Berth.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace Berth.Volumes;

/// <summary>
/// Walks a volume's data by directory fds, never following symlinks and never entering another file
/// system: deleting a volume must not delete the contents of something mounted inside it.
/// </summary>
internal static class VolumeTree
{
    /// <summary>Names in an open directory (listed through its /proc/self/fd link, which is the directory itself).</summary>
    public static IEnumerable<string> Names(SafeFileHandle dir) =>
        Directory.EnumerateFileSystemEntries(FileHandles.ProcPath(dir)).Select(p => Path.GetFileName(p)!).ToList();

    /// <summary>Deletes <paramref name="path"/> and everything below it; refuses (IOException) to cross into another mount.</summary>
    public static void Delete(string path)
    {
        if (!Path.Exists(path))
        {
            return;
        }
        if (Linux.Mounts.MountPointsUnder(path).Count > 0)
        {
            throw new IOException($"refusing to delete {path}: something is mounted there");
        }
        string parent = Path.GetDirectoryName(path)!;
        using SafeFileHandle parentFd = FileHandles.Open(parent, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        string name = Path.GetFileName(path);
        FileStat stat = FileStatus.StatAt(parentFd, name);
        if (stat.IsDirectory)
        {
            using SafeFileHandle dir = FileHandles.OpenAt(parentFd, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW);
            DeleteContents(dir, stat.Device);
        }
        FileNodes.UnlinkAt(parentFd, name, stat.IsDirectory);
    }

    private static void DeleteContents(SafeFileHandle dir, ulong device)
    {
        foreach (string name in Names(dir))
        {
            FileStat stat = FileStatus.StatAt(dir, name);
            if (stat.IsDirectory)
            {
                if (stat.Device != device)
                {
                    throw new IOException($"refusing to delete across a mount point at {name}");
                }
                using SafeFileHandle child = FileHandles.OpenAt(dir, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW);
                DeleteContents(child, device);
            }
            FileNodes.UnlinkAt(dir, name, stat.IsDirectory);
        }
    }

    /// <summary>Docker's directory.Size: apparent size of everything but directories, hard links once, one file system.</summary>
    public static long Size(string path, CancellationToken cancellationToken)
    {
        using SafeFileHandle dir = FileHandles.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        var seen = new HashSet<ulong>();
        return SizeOf(dir, FileStatus.Stat(dir).Device, seen, cancellationToken);
    }

    private static long SizeOf(SafeFileHandle dir, ulong device, HashSet<ulong> seen, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long total = 0;
        foreach (string name in Names(dir))
        {
            FileStat stat = FileStatus.StatAt(dir, name);
            if (stat.IsDirectory)
            {
                if (stat.Device == device)
                {
                    using SafeFileHandle child = FileHandles.OpenAt(dir, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW);
                    total += SizeOf(child, device, seen, cancellationToken);
                }
                continue;
            }
            if (stat.Nlink > 1 && !seen.Add(stat.Ino))
            {
                continue;
            }
            total += (long)stat.Size;
        }
        return total;
    }
}
