using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Linux.Native;
using Berth.Runtime.Oci;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

public sealed partial class ContainerFilesystem
{
    /// <summary>Docker's containerExtractToDir: the destination is resolved with its last element
    /// followed (so a symlink to a directory is a valid destination) and must be a directory.</summary>
    public async Task PutArchiveAsync(string container, string path, Stream tar, bool noOverwriteDirNonDir, bool copyUidGid, CancellationToken cancellationToken)
    {
        await using ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: true, cancellationToken).ConfigureAwait(false);
        using var root = new RootDirectory(lease.MergedDir!);
        try
        {
            string destination = root.Resolve(ContainerPath.Absolute(path));
            using (SafeFileHandle? fd = root.TryOpen(destination, OpenFlags.O_PATH, out int errno))
            {
                if (fd is null)
                {
                    throw errno == Errno.ENOENT
                        ? EngineException.NotFound($"Could not find the file {path} in container {container}")
                        : EngineException.InvalidArgument("extraction point is not a directory");
                }
                if (!FileStatus.Stat(fd).IsDirectory)
                {
                    throw EngineException.InvalidArgument("extraction point is not a directory");
                }
            }
            if (lease.Container.Config.ReadonlyRootfs)
            {
                throw EngineException.InvalidArgument("container rootfs is marked read-only");
            }
            (uint, uint)? owner = copyUidGid ? ConfiguredOwner(root, lease.Container.Config.User) : null;
            await new ArchiveExtractor(root, destination, noOverwriteDirNonDir, owner).ExtractAsync(tar, cancellationToken).ConfigureAwait(false);
        }
        catch (SyscallException e)
        {
            throw EngineException.Internal($"extract to {path}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw EngineException.InvalidArgument($"invalid tar archive: {e.Message}");
        }
        Publish(lease.Container, "extract-to-dir", null);
    }

    /// <summary>docker cp -a: the container's configured user, looked up in the container's own
    /// passwd/group (as current Docker does); no user configured keeps the archive's ids.</summary>
    private static (uint, uint)? ConfiguredOwner(RootDirectory root, string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }
        ExecUser resolved = UserResolver.Resolve(user, ReadText(root, "/etc/passwd"), ReadText(root, "/etc/group"));
        return (resolved.Uid, resolved.Gid);
    }

    private static string? ReadText(RootDirectory root, string path)
    {
        using SafeFileHandle? fd = root.TryOpen(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_NOCTTY, out _);
        if (fd is null || !FileStatus.Stat(fd).IsRegular)
        {
            return null;
        }
        using var stream = new FileStream(fd, FileAccess.Read, 1);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
