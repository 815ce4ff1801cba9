using System.Formats.Tar;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Linux.Files;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// <see cref="IContainerFilesystem"/> over overlayfs: archive get/put and export work on the merged
/// rootfs through <see cref="RootDirectory"/> (openat2 RESOLVE_IN_ROOT), changes and commit on the
/// upper dir against the image's layers.
/// </summary>
public sealed partial class ContainerFilesystem : IContainerFilesystem
{
    private readonly IContainerRootfsSource _rootfs;
    private readonly IContainerService _containers;
    private readonly IImageService _images;
    private readonly ISnapshotter _snapshotter;
    private readonly IEventSink? _events;
    private readonly TimeProvider _time;

    public ContainerFilesystem(IContainerRootfsSource rootfs, IContainerService containers, IImageService images, ISnapshotter snapshotter, IEventSink? events = null, TimeProvider? time = null)
    {
        _rootfs = rootfs;
        _containers = containers;
        _images = images;
        _snapshotter = snapshotter;
        _events = events;
        _time = time ?? TimeProvider.System;
    }

    public async Task<PathStat> StatPathAsync(string container, string path, CancellationToken cancellationToken)
    {
        await using ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: true, cancellationToken).ConfigureAwait(false);
        using var root = new RootDirectory(lease.MergedDir!);
        using Located located = Locate(root, container, path);
        return located.Stat;
    }

    public async Task<IContainerArchive> OpenArchiveAsync(string container, string path, CancellationToken cancellationToken)
    {
        ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: true, cancellationToken).ConfigureAwait(false);
        RootDirectory? root = null;
        try
        {
            root = new RootDirectory(lease.MergedDir!);
            Located located = Locate(root, container, path);
            Publish(lease.Container, "archive-path", null);
            return new ContainerArchive(lease, root, located);
        }
        catch
        {
            root?.Dispose();
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<PathStat> GetArchiveAsync(string container, string path, Stream output, CancellationToken cancellationToken)
    {
        IContainerArchive archive = await OpenArchiveAsync(container, path, cancellationToken).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            await archive.WriteToAsync(output, cancellationToken).ConfigureAwait(false);
            return archive.Stat;
        }
    }

    public async Task ExportAsync(string container, Stream output, CancellationToken cancellationToken)
    {
        await using ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: true, cancellationToken).ConfigureAwait(false);
        try
        {
            using SafeFileHandle dir = FileHandles.Open(lease.MergedDir!, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
            var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                await new TreeTarWriter(writer).WriteDirectoryAsync(dir, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException e) when (e is SyscallException)
        {
            throw EngineException.Internal($"export {container}: {e.Message}", e);
        }
        Publish(lease.Container, "export", null);
    }

    public async Task<IReadOnlyList<FilesystemChange>> ChangesAsync(string container, CancellationToken cancellationToken)
    {
        await using ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return new ChangeScanner(lease.UpperDir, lease.LowerDirsTopFirst).Scan(cancellationToken);
        }
        catch (SyscallException e)
        {
            throw EngineException.Internal($"changes {container}: {e.Message}", e);
        }
    }

    public async Task WriteLayerDiffAsync(string container, Stream output, CancellationToken cancellationToken)
    {
        await using ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: false, cancellationToken).ConfigureAwait(false);
        await _snapshotter.WriteDiffAsync(lease.UpperDir, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Docker's ResolvePath + StatPath: the directory part is resolved in the rootfs (all symlinks
    /// followed), the last element is not, unless the path ends in "/" or "/.".
    /// </summary>
    private static Located Locate(RootDirectory root, string container, string path)
    {
        string absPath = ContainerPath.Absolute(path);
        (string dir, string file) = ContainerPath.Split(absPath);
        string resolvedDir = root.Resolve(dir);
        bool directoryOnly = file is "" or ".";
        string resolved = directoryOnly ? resolvedDir : resolvedDir == "/" ? "/" + file : resolvedDir + "/" + file;
        int flags = OpenFlags.O_PATH | (directoryOnly ? OpenFlags.O_DIRECTORY : OpenFlags.O_NOFOLLOW);
        SafeFileHandle? fd = root.TryOpen(resolved, flags, out int errno);
        if (fd is null)
        {
            throw errno switch
            {
                Errno.ENOENT => EngineException.NotFound($"Could not find the file {path} in container {container}"),
                Errno.ENOTDIR => EngineException.InvalidArgument($"lstat {absPath}: not a directory"),
                _ => EngineException.Internal(new SyscallException("openat2", absPath, errno).Message),
            };
        }
        try
        {
            FileStat stat = FileStatus.Stat(fd);
            string linkTarget = stat.IsSymlink ? root.Resolve(absPath) : "";
            var pathStat = new PathStat(ContainerPath.Base(absPath), (long)stat.Size, GoFileMode.Of(stat), stat.ModificationTime, linkTarget);
            return new Located(fd, pathStat, resolvedDir, file);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private void Publish(ContainerInfo container, string action, IReadOnlyDictionary<string, string>? extra)
    {
        if (_events is null)
        {
            return;
        }
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in container.Config.Labels)
        {
            attributes[k] = v;
        }
        attributes["image"] = container.ImageName;
        attributes["name"] = container.Name.TrimStart('/');
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            attributes[k] = v;
        }
        _events.Publish(new EngineEvent("container", action, container.Id, attributes, _time.GetUtcNow()));
    }
}
