using Berth.Core.Errors;
using Berth.Volumes.Native;
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
        using SafeFileHandle root = VolumeNative.Open(rootHost, VolumeNative.O_PATH | VolumeNative.O_DIRECTORY);
        using SafeFileHandle? source = VolumeNative.TryOpenInRoot(root, destination, VolumeNative.O_RDONLY | VolumeNative.O_DIRECTORY, out int errno);
        if (source is null)
        {
            return errno is VolumeNative.ENOENT or VolumeNative.ENOTDIR ? null : throw new Linux.Native.SyscallException("openat2", destination, errno);
        }
        string resolved = VolumeNative.PathOf(source);
        if (resolved != rootHost && !resolved.StartsWith(rootHost + "/", StringComparison.Ordinal))
        {
            // Cannot happen with RESOLVE_IN_ROOT; checked so a kernel without it fails closed.
            throw EngineException.Internal($"{destination} resolves outside the container rootfs");
        }
        using SafeFileHandle target = VolumeNative.Open(volumeDataPath, VolumeNative.O_RDONLY | VolumeNative.O_DIRECTORY | VolumeNative.O_NOFOLLOW);
        if (VolumeTree.Names(target).Any())
        {
            return ResolvedInRoot(resolved, rootHost);
        }
        CopyContents(source, target, cancellationToken);
        CopyMetadata(source, target, VolumeNative.Stat(source));
        return ResolvedInRoot(resolved, rootHost);
    }

    private static string ResolvedInRoot(string resolved, string rootHost) =>
        resolved.Length == rootHost.Length ? "/" : resolved[rootHost.Length..];

    private static void CopyContents(SafeFileHandle source, SafeFileHandle target, CancellationToken cancellationToken)
    {
        foreach (string name in VolumeTree.Names(source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileStat stat = VolumeNative.StatAt(source, name);
            switch (stat.FileType)
            {
                case FileStat.S_IFDIR:
                    VolumeNative.MkdirAt(target, name, 0x1C0 /* 0700 */);
                    using (SafeFileHandle from = VolumeNative.OpenAt(source, name, VolumeNative.O_RDONLY | VolumeNative.O_DIRECTORY | VolumeNative.O_NOFOLLOW))
                    using (SafeFileHandle to = VolumeNative.OpenAt(target, name, VolumeNative.O_RDONLY | VolumeNative.O_DIRECTORY | VolumeNative.O_NOFOLLOW))
                    {
                        CopyContents(from, to, cancellationToken);
                        CopyMetadata(from, to, stat);
                    }
                    break;
                case FileStat.S_IFREG:
                    CopyFile(source, target, name, stat);
                    break;
                case FileStat.S_IFLNK:
                    VolumeNative.SymlinkAt(VolumeNative.ReadLinkAt(source, name), target, name);
                    VolumeNative.ChownAt(target, name, stat.Uid, stat.Gid);
                    VolumeNative.SetTimesAt(target, name, stat);
                    break;
                case 0x2000 or 0x6000 or 0x1000: // character device, block device, fifo
                    VolumeNative.MknodAt(target, name, stat.FileType | 0x180 /* 0600 */, stat.RdevMajor, stat.RdevMinor);
                    using (SafeFileHandle node = VolumeNative.OpenAt(target, name, VolumeNative.O_PATH | VolumeNative.O_NOFOLLOW))
                    {
                        VolumeNative.ChownAt(node, "", stat.Uid, stat.Gid);
                        VolumeNative.Chmod(node, stat.Permissions);
                        VolumeNative.SetTimesAt(node, "", stat);
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
        SafeFileHandle from = VolumeNative.OpenAt(sourceDir, name, VolumeNative.O_RDONLY | VolumeNative.O_NOFOLLOW | VolumeNative.O_NOCTTY | VolumeNative.O_NONBLOCK);
        SafeFileHandle to = VolumeNative.OpenAt(targetDir, name, VolumeNative.O_WRONLY | VolumeNative.O_CREAT | VolumeNative.O_EXCL | VolumeNative.O_NOFOLLOW, 0x180 /* 0600 */);
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
        VolumeNative.ChownAt(to, "", stat.Uid, stat.Gid);
        VolumeNative.Chmod(to, stat.Permissions);
        foreach (string attr in VolumeNative.ListXattrs(from))
        {
            if (VolumeNative.GetXattr(from, attr) is { } value)
            {
                _ = VolumeNative.SetXattr(to, attr, value);
            }
        }
        VolumeNative.SetTimesAt(to, "", stat);
    }
}
