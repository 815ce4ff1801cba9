using System.Formats.Tar;
using Berth.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// Writes part of a container rootfs as a tar, walking by directory fds (openat with O_NOFOLLOW,
/// statx on names) so nothing the container does while the walk runs can make it read outside the
/// tree. Children are visited in ordinal name order (Go's filepath.Walk order); sockets are skipped
/// and files with several links become hard-link entries after the first, as Docker's tar writer does.
/// </summary>
internal sealed class TreeTarWriter(TarWriter writer)
{
    private readonly Dictionary<(uint Major, uint Minor, ulong Inode), string> _linkTargets = [];

    /// <summary>The entry <paramref name="name"/> of directory <paramref name="parent"/>, as <paramref name="entryName"/> (and everything below it).</summary>
    public async Task WriteEntryAsync(SafeFileHandle parent, string name, string entryName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!FileStatus.TryStatAt(parent, name, follow: false, out FileStat stat))
        {
            return; // removed while we walked
        }
        switch (stat.FileType)
        {
            case FileStat.S_IFDIR:
                using (SafeFileHandle? dir = FileHandles.TryOpenAt(parent, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW, 0, out _))
                {
                    if (dir is not null)
                    {
                        await WriteDirectoryAsync(dir, entryName, cancellationToken).ConfigureAwait(false);
                    }
                }
                break;
            case FileStat.S_IFREG:
                await WriteFileAsync(parent, name, entryName, stat, cancellationToken).ConfigureAwait(false);
                break;
            case FileStat.S_IFLNK:
                var link = Entry(TarEntryType.SymbolicLink, entryName, stat);
                link.LinkName = FileNodes.ReadLinkAt(parent, name);
                await writer.WriteEntryAsync(link, cancellationToken).ConfigureAwait(false);
                break;
            case FileStat.S_IFIFO:
                await writer.WriteEntryAsync(Entry(TarEntryType.Fifo, entryName, stat), cancellationToken).ConfigureAwait(false);
                break;
            case FileStat.S_IFCHR or FileStat.S_IFBLK:
                var device = Entry(stat.FileType == FileStat.S_IFCHR ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice, entryName, stat);
                device.DeviceMajor = (int)stat.RdevMajor;
                device.DeviceMinor = (int)stat.RdevMinor;
                await writer.WriteEntryAsync(device, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>An open directory as <paramref name="entryName"/> (null: only its children, unprefixed, as export writes them).</summary>
    public async Task WriteDirectoryAsync(SafeFileHandle dir, string? entryName, CancellationToken cancellationToken)
    {
        if (entryName is not null)
        {
            FileStat stat = FileStatus.Stat(dir);
            string name = entryName.EndsWith('/') ? entryName : entryName + "/";
            await writer.WriteEntryAsync(Entry(TarEntryType.Directory, name, stat), cancellationToken).ConfigureAwait(false);
        }
        string[] names = Directory.EnumerateFileSystemEntries(FileHandles.ProcPath(dir)).Select(p => Path.GetFileName(p)).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (string child in names)
        {
            string childEntry = entryName is null ? child : entryName.EndsWith('/') ? entryName + child : entryName + "/" + child;
            await WriteEntryAsync(dir, child, childEntry, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteFileAsync(SafeFileHandle parent, string name, string entryName, FileStat stat, CancellationToken cancellationToken)
    {
        var key = (stat.DevMajor, stat.DevMinor, stat.Ino);
        if (stat.Nlink > 1)
        {
            if (_linkTargets.TryGetValue(key, out string? first))
            {
                var hardLink = Entry(TarEntryType.HardLink, entryName, stat);
                hardLink.LinkName = first;
                await writer.WriteEntryAsync(hardLink, cancellationToken).ConfigureAwait(false);
                return;
            }
            _linkTargets[key] = entryName;
        }
        // O_NONBLOCK: if the name became a FIFO since the stat, open must not hang.
        using SafeFileHandle? fd = FileHandles.TryOpenAt(parent, name, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_NONBLOCK | OpenFlags.O_NOCTTY, 0, out _);
        if (fd is null)
        {
            return;
        }
        FileStat opened = FileStatus.Stat(fd);
        if (!opened.IsRegular)
        {
            return;
        }
        var entry = Entry(TarEntryType.RegularFile, entryName, opened);
        var data = new FileStream(fd, FileAccess.Read, 1);
        await using (data.ConfigureAwait(false))
        {
            // The header carries the size seen now; a file growing or shrinking meanwhile must not corrupt the tar.
            entry.DataStream = new FixedLengthReadStream(data, (long)opened.Size);
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, in FileStat stat) =>
        new(type, name)
        {
            Uid = (int)stat.Uid,
            Gid = (int)stat.Gid,
            Mode = (UnixFileMode)stat.Permissions,
            ModificationTime = stat.ModificationTime,
        };
}
