using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Volumes;

/// <summary>
/// Docker's copy of image data into an empty volume (daemon populateVolumes → CopyImagePathContent):
/// the directory at the mount destination in the container's rootfs is copied, with owners, modes,
/// times, symlinks, device nodes and xattrs, into the volume — only when the volume is empty.
/// <para>
/// The destination is resolved with openat2(RESOLVE_IN_ROOT) and everything below it is read by
/// directory fd without following symlinks, so a /data that the image or container turned into a
/// symlink to /etc resolves to the rootfs' own etc, never the host's. Hard links are copied as
/// separate files.
/// </para>
/// </summary>
public static class VolumeCopyUp
{
    /// <summary>
    /// Copies when <paramref name="volumeDataPath"/> is empty. Returns the destination as resolved inside
    /// the rootfs ("/etc" for a /data → /etc symlink): the same directory runc (securejoin) will mount
    /// onto. Null when the destination does not exist in the rootfs or is not a directory (nothing to copy).
    /// </summary>
    public static Task<string?> CopyUpAsync(string rootfsPath, string destination, string volumeDataPath, CancellationToken cancellationToken) =>
        Task.Run(() => CopyUp(rootfsPath, destination, volumeDataPath, cancellationToken), cancellationToken);

    private static string? CopyUp(string rootfsPath, string destination, string volumeDataPath, CancellationToken cancellationToken)
    {
        string rootHost = Path.GetFullPath(rootfsPath).TrimEnd('/');
        using SafeFileHandle root = FileHandles.Open(rootHost, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        using SafeFileHandle? source = FileHandles.TryOpenInRoot(root, destination, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, out int errno);
        if (source is null)
        {
            return errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw new SyscallException("openat2", destination, errno);
        }
        string resolved = FileHandles.PathOf(source);
        if (resolved != rootHost && !resolved.StartsWith(rootHost + "/", StringComparison.Ordinal))
        {
            // Cannot happen with RESOLVE_IN_ROOT; checked so a kernel without it fails closed.
            throw EngineException.Internal($"{destination} resolves outside the container rootfs");
        }
        using SafeFileHandle target = FileHandles.Open(volumeDataPath, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW);
        if (VolumeTree.Names(target).Any())
        {
            return ResolvedInRoot(resolved, rootHost);
        }
        CopyContents(source, target, cancellationToken);
        CopyMetadata(source, target, FileStatus.Stat(source));
        return ResolvedInRoot(resolved, rootHost);
    }

    private static string ResolvedInRoot(string resolved, string rootHost) =>
        resolved.Length == rootHost.Length ? "/" : resolved[rootHost.Length..];

    private static void CopyContents(SafeFileHandle source, SafeFileHandle target, CancellationToken cancellationToken)
    {
        foreach (string name in VolumeTree.Names(source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileStat stat = FileStatus.StatAt(source, name);
            switch (stat.FileType)
            {
                case FileStat.S_IFDIR:
                    FileNodes.MkdirAt(target, name, 0x1C0 /* 0700 */);
                    using (SafeFileHandle from = FileHandles.OpenAt(source, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW))
                    using (SafeFileHandle to = FileHandles.OpenAt(target, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW))
                    {
                        CopyContents(from, to, cancellationToken);
                        CopyMetadata(from, to, stat);
                    }
                    break;
                case FileStat.S_IFREG:
                    CopyFile(source, target, name, stat);
                    break;
                case FileStat.S_IFLNK:
                    FileNodes.SymlinkAt(FileNodes.ReadLinkAt(source, name), target, name);
                    FileNodes.ChownAt(target, name, stat.Uid, stat.Gid);
                    FileNodes.SetTimesAt(target, name, stat.AccessTime, stat.ModifyTime);
                    break;
                case 0x2000 or 0x6000 or 0x1000: // character device, block device, fifo
                    FileNodes.MknodAt(target, name, stat.FileType | 0x180 /* 0600 */, stat.RdevMajor, stat.RdevMinor);
                    using (SafeFileHandle node = FileHandles.OpenAt(target, name, OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW))
                    {
                        FileNodes.ChownAt(node, "", stat.Uid, stat.Gid);
                        FileNodes.Chmod(node, stat.Permissions);
                        FileNodes.SetTimesAt(node, "", stat.AccessTime, stat.ModifyTime);
                    }
                    break;
                default:
                    // Sockets are not copied (Docker's copy skips them too).
                    break;
            }
        }
    }

    private static void CopyFile(SafeFileHandle sourceDir, SafeFileHandle targetDir, string name, FileStat stat)
    {
        SafeFileHandle from = FileHandles.OpenAt(sourceDir, name, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_NOCTTY | OpenFlags.O_NONBLOCK);
        SafeFileHandle to = FileHandles.OpenAt(targetDir, name, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOFOLLOW, 0x180 /* 0600 */);
        // The streams own (and close) the handles, so the metadata is copied before they go.
        using var input = new FileStream(from, FileAccess.Read, 0);
        using var output = new FileStream(to, FileAccess.Write, 0);
        input.CopyTo(output, 1 << 20);
        output.Flush();
        CopyMetadata(from, to, stat);
    }

    /// <summary>Owner before mode (chown clears set-id bits), xattrs, times last.</summary>
    private static void CopyMetadata(SafeFileHandle from, SafeFileHandle to, FileStat stat)
    {
        FileNodes.ChownAt(to, "", stat.Uid, stat.Gid);
        FileNodes.Chmod(to, stat.Permissions);
        foreach (string attr in Xattrs.List(from))
        {
            if (Xattrs.Get(from, attr) is { } value)
            {
                _ = Xattrs.TrySet(to, attr, value);
            }
        }
        FileNodes.SetTimesAt(to, "", stat.AccessTime, stat.ModifyTime);
    }
}
