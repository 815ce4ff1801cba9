using Berth.Core.Containers;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Linux;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// Leases a container's layers through the public services. A running container's rootfs is used
/// where the engine mounted it; a stopped one is mounted for the lease at a private place under
/// &lt;exec-root&gt;/rootfs-leases (mounting is simpler and safer than re-implementing overlay
/// lookups over upper+lower dirs, and writes then get overlayfs' own copy-up and whiteouts).
/// <para>Limit: without the engine's lock, a start racing this lease mounts the same upper/work dirs a
/// second time; the engine should provide its own source holding its operation lock (see the type
/// comment of <see cref="IContainerRootfsSource"/>).</para>
/// </summary>
public sealed class OverlayRootfsSource(IContainerService containers, IImageService images, ISnapshotter snapshotter, ContainerRuntimeOptions options) : IContainerRootfsSource
{
    private string LeaseRoot => Path.Combine(options.ExecRoot, "rootfs-leases");

    public async Task<ContainerRootfs> AcquireAsync(string nameOrId, bool mount, CancellationToken cancellationToken)
    {
        ContainerInfo info = await containers.GetAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        ImageRootfs image = await images.ResolveRootfsAsync(info.Image, cancellationToken).ConfigureAwait(false);
        string containerDir = Path.Combine(options.DataRoot, "containers", info.Id);
        OverlayMount overlay = snapshotter.PrepareOverlay(image.ChainIdsBottomFirst, containerDir);
        var lowers = image.ChainIdsBottomFirst.Reverse().Select(snapshotter.GetLayerPath).ToList();
        if (!mount)
        {
            return new ContainerRootfs(info, overlay.UpperDir, lowers, null, null);
        }
        if (Mounts.IsMountPoint(overlay.Target))
        {
            return new ContainerRootfs(info, overlay.UpperDir, lowers, overlay.Target, null);
        }

        string target = Path.Combine(LeaseRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            Mounts.Mount(overlay.Source, target, overlay.Type, Mounts.MS_NOSUID | Mounts.MS_NODEV, overlay.Options);
        }
        catch
        {
            Directory.Delete(target);
            throw;
        }
        return new ContainerRootfs(info, overlay.UpperDir, lowers, target, () =>
        {
            Mounts.Unmount(target, Mounts.MNT_DETACH);
            Directory.Delete(target);
            return ValueTask.CompletedTask;
        });
    }
}
