using System.Formats.Tar;
using System.Text;
using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// Extracts a `docker cp` archive into a directory of a container rootfs with the semantics of
/// Docker's chrooted untar: entry names are relative to the destination ("/x" means dest/x, names
/// climbing above it with ".." are refused), links whose targets climb above the destination are
/// refused, and every lookup (parents, existing entries, hard-link targets) is resolved with the
/// rootfs as "/" so symlinks made by the container or by earlier entries can never lead outside it.
/// Files are created with O_EXCL|O_NOFOLLOW and their metadata is set through their own fds.
/// </summary>
internal sealed class ArchiveExtractor(RootDirectory root, string destination, bool noOverwriteDirNonDir, (uint Uid, uint Gid)? owner)
{
    private const uint DefaultDirMode = 0x1ED; // 0755
    private const string XattrPrefix = "SCHILY.xattr.";
    private readonly List<(string Path, DateTimeOffset Mtime)> _directoryTimes = [];

    public async Task ExtractAsync(Stream tar, CancellationToken cancellationToken)
    {
        var reader = new TarReader(tar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await ExtractEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
        // Last, so creating children did not move the directories' times again.
        foreach (var (path, mtime) in _directoryTimes)
        {
            using SafeFileHandle? fd = root.TryOpen(path, OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW, out _);
            if (fd is not null && FileStatus.Stat(fd).IsDirectory)
            {
                FileNodes.SetTimesAt(fd, "", Timespec.Omit, Timespec.From(mtime));
            }
        }
    }

    private async Task ExtractEntryAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes or TarEntryType.LongLink or TarEntryType.LongPath)
        {
            return;
        }
        List<string> parts = Normalize(entry.Name, entry.Name);
        bool isDir = entry.EntryType == TarEntryType.Directory;
        if (parts.Count == 0)
        {
            // "." is the destination itself: Docker leaves it alone.
            if (isDir)
            {
                return;
            }
            throw EngineException.InvalidArgument($"invalid archive entry \"{entry.Name}\": not a directory");
        }
        string name = parts[^1];
        string parentPath = Join(destination, parts.Take(parts.Count - 1));
        string path = Join(parentPath, [name]);
        using SafeFileHandle parent = OpenOrCreateDirectory(parentPath);

        if (FileStatus.TryStatAt(parent, name, follow: false, out FileStat existing))
        {
            if (noOverwriteDirNonDir && existing.IsDirectory && !isDir)
            {
                throw EngineException.InvalidArgument($"cannot overwrite directory \"{path}\" with non-directory \"{destination}\"");
            }
            if (noOverwriteDirNonDir && !existing.IsDirectory && isDir)
            {
                throw EngineException.InvalidArgument($"cannot overwrite non-directory \"{path}\" with directory \"{destination}\"");
            }
            if (!(existing.IsDirectory && isDir))
            {
                RemoveAll(parent, name, existing);
            }
        }

        uint mode = (uint)entry.Mode & 0xFFF;
        SafeFileHandle created;
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (!FileStatus.TryStatAt(parent, name, follow: false, out _))
                {
                    FileNodes.MkdirAt(parent, name, mode & 0x1FF);
                }
                created = OpenCreated(parent, name, FileStat.S_IFDIR);
                _directoryTimes.Add((path, entry.ModificationTime));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                created = FileHandles.OpenAt(parent, name, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOFOLLOW | OpenFlags.O_NOCTTY, 0x180);
                if (entry.DataStream is { } data)
                {
                    await CopyToHandleAsync(data, created, cancellationToken).ConfigureAwait(false);
                }
                break;
            case TarEntryType.SymbolicLink:
                CheckLinkTarget(parts, entry.LinkName, entry.Name, "symlink");
                FileNodes.SymlinkAt(entry.LinkName, parent, name);
                created = OpenCreated(parent, name, FileStat.S_IFLNK);
                break;
            case TarEntryType.HardLink:
                List<string> target = Normalize(entry.LinkName, entry.Name, "hardlink");
                if (target.Count == 0)
                {
                    throw EngineException.InvalidArgument($"invalid hardlink \"{entry.Name}\" -> \"{entry.LinkName}\"");
                }
                using (SafeFileHandle targetParent = root.Open(Join(destination, target.Take(target.Count - 1)), OpenFlags.O_PATH | OpenFlags.O_DIRECTORY))
                {
                    FileNodes.LinkAt(targetParent, target[^1], parent, name);
                }
                return; // a hard link shares the target's metadata
            case TarEntryType.Fifo:
                FileNodes.MknodAt(parent, name, FileStat.S_IFIFO | (mode & 0x1FF), 0, 0);
                created = OpenCreated(parent, name, FileStat.S_IFIFO);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                uint type = entry.EntryType == TarEntryType.CharacterDevice ? FileStat.S_IFCHR : FileStat.S_IFBLK;
                FileNodes.MknodAt(parent, name, type | (mode & 0x1FF), (uint)((PosixTarEntry)entry).DeviceMajor, (uint)((PosixTarEntry)entry).DeviceMinor);
                created = OpenCreated(parent, name, type);
                break;
            default:
                throw EngineException.InvalidArgument($"unhandled tar header type {(int)entry.EntryType} for \"{entry.Name}\"");
        }
        using (created)
        {
            ApplyMetadata(created, entry, mode);
        }
    }

    private void ApplyMetadata(SafeFileHandle fd, TarEntry entry, uint mode)
    {
        bool symlink = entry.EntryType == TarEntryType.SymbolicLink;
        (uint uid, uint gid) = owner ?? ((uint)entry.Uid, (uint)entry.Gid);
        FileNodes.ChownAt(fd, "", uid, gid);
        if (!symlink)
        {
            // After chown, which clears setuid/setgid.
            FileNodes.Chmod(fd, mode);
            if (entry is PaxTarEntry pax)
            {
                foreach (var (key, value) in pax.ExtendedAttributes)
                {
                    if (key.StartsWith(XattrPrefix, StringComparison.Ordinal) && !key.StartsWith(XattrPrefix + "trusted.overlay.", StringComparison.Ordinal))
                    {
                        // ENOTSUP (no xattrs on the target file system) is skipped; a refused name is an error.
                        string name = key[XattrPrefix.Length..];
                        if (Xattrs.TrySetThroughProc(fd, name, Encoding.UTF8.GetBytes(value)) == Errno.EPERM)
                        {
                            throw new SyscallException("setxattr", name, Errno.EPERM);
                        }
                    }
                }
            }
        }
        if (entry.EntryType != TarEntryType.Directory)
        {
            FileNodes.SetTimesAt(fd, "", Timespec.Omit, Timespec.From(entry.ModificationTime));
        }
    }

    private static async Task CopyToHandleAsync(Stream data, SafeFileHandle file, CancellationToken cancellationToken)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long offset = 0;
            int n;
            while ((n = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await RandomAccess.WriteAsync(file, buffer.AsMemory(0, n), offset, cancellationToken).ConfigureAwait(false);
                offset += n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An O_PATH handle on what was just created, checked to be of that type (the container may race us).</summary>
    private static SafeFileHandle OpenCreated(SafeFileHandle parent, string name, uint type)
    {
        SafeFileHandle fd = FileHandles.OpenAt(parent, name, OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW);
        if (FileStatus.Stat(fd).FileType != type)
        {
            fd.Dispose();
            throw EngineException.Conflict($"\"{name}\" changed while it was being extracted");
        }
        return fd;
    }

    /// <summary>Opens a directory of the rootfs for writing entries into it, creating missing ones (0755) as Docker's untar does.</summary>
    private SafeFileHandle OpenOrCreateDirectory(string path)
    {
        SafeFileHandle? fd = root.TryOpen(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, out int errno);
        if (fd is not null)
        {
            return fd;
        }
        if (errno != Errno.ENOENT || path == "/")
        {
            throw errno == Errno.ENOTDIR
                ? EngineException.InvalidArgument($"cannot extract into \"{path}\": not a directory")
                : new SyscallException("openat2", path, errno);
        }
        (string dir, string file) = ContainerPath.Split(path);
        using (SafeFileHandle parent = OpenOrCreateDirectory(dir.Length > 1 ? dir.TrimEnd('/') : "/"))
        {
            try
            {
                FileNodes.MkdirAt(parent, file, DefaultDirMode);
            }
            catch (SyscallException e) when (e.Errno == Errno.EEXIST)
            {
            }
        }
        // Reopened through the root: whatever now has that name, a symlink cannot lead out.
        return root.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
    }

    private static void RemoveAll(SafeFileHandle parent, string name, FileStat stat)
    {
        if (!stat.IsDirectory)
        {
            FileNodes.UnlinkAt(parent, name, directory: false);
            return;
        }
        using (SafeFileHandle dir = FileHandles.OpenAt(parent, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW))
        {
            foreach (string child in Directory.EnumerateFileSystemEntries(FileHandles.ProcPath(dir)).Select(p => Path.GetFileName(p)).ToArray())
            {
                if (FileStatus.TryStatAt(dir, child, follow: false, out FileStat childStat))
                {
                    RemoveAll(dir, child, childStat);
                }
            }
        }
        FileNodes.UnlinkAt(parent, name, directory: true);
    }

    /// <summary>Docker's check: a relative symlink target, taken from the entry's directory, must stay in the destination.</summary>
    private static void CheckLinkTarget(List<string> entryParts, string linkName, string entryName, string kind)
    {
        if (linkName.StartsWith('/'))
        {
            return; // resolved against the container's root, where it cannot leave the rootfs
        }
        string relative = string.Join('/', entryParts.Take(entryParts.Count - 1).Append(linkName));
        Normalize(relative, entryName, kind, linkName);
    }

    /// <summary>Entry name components under the destination; ".." above it is a breakout and refused.</summary>
    private static List<string> Normalize(string name, string entryName, string kind = "path", string? linkName = null)
    {
        var parts = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    string what = kind == "path" ? $"\"{entryName}\" is outside of the extraction directory" : $"invalid {kind} \"{entryName}\" -> \"{linkName ?? name}\"";
                    throw EngineException.InvalidArgument(what);
                }
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            if (part.Contains('\0'))
            {
                throw EngineException.InvalidArgument($"invalid archive entry name \"{entryName}\"");
            }
            parts.Add(part);
        }
        return parts;
    }

    private static string Join(string basePath, IEnumerable<string> parts)
    {
        string tail = string.Join('/', parts);
        return tail.Length == 0 ? basePath : basePath.TrimEnd('/') + "/" + tail;
    }
}
