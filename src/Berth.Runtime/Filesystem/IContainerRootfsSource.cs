namespace Berth.Runtime.Filesystem;

/// <summary>
/// Where <see cref="ContainerFilesystem"/> gets a container's layers from. The default
/// (<see cref="OverlayRootfsSource"/>) needs nothing but the public services; the container engine can
/// replace it with one that also holds the container's operation lock for the lease, so a start/rm
/// cannot run while an archive of a stopped container is being read (Docker holds the container lock
/// until the archive is fully read). Such a source must take the lock for mount=true leases only:
/// commit holds a mount=false lease while it calls <c>IContainerService.PauseAsync</c>/<c>UnpauseAsync</c>.
/// </summary>
public interface IContainerRootfsSource
{
    /// <summary>Resolves the container (NotFound "No such container: x") and leases its layers; with
    /// <paramref name="mount"/> the merged rootfs is mounted (the running container's own mount, or a
    /// private temporary one) until the lease is disposed.</summary>
    Task<ContainerRootfs> AcquireAsync(string nameOrId, bool mount, CancellationToken cancellationToken);
}
