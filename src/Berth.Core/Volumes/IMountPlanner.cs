namespace Berth.Core.Volumes;

/// <summary>
/// Turns a container's -v / --mount / --tmpfs / --volumes-from / image volumes into mounts, following
/// Docker's daemon/volumes.go and volume/mounts/linux_parser.go, with Docker's error messages
/// (InvalidArgument "invalid volume specification: '…'", "Duplicate mount point: /x",
/// "invalid mount config for type \"bind\": bind source path does not exist: /x", …).
/// <code>
/// create: mounts = PlanAsync(request)          creates named/anonymous volumes; persist mounts
/// start:  p = PrepareAsync(id, rootfs, mounts)  MountAsync per volume, copy-up (first start), mkdir -v
///         persist p.Mounts; write p.OciMounts into config.json (+ p.RootfsPropagation); runc create/start
/// stop:   ReleaseAsync(id, mounts)              after the container's processes are gone (also when start failed)
/// rm:     IVolumeService.RemoveAsync(name) for each anonymous volume (label com.docker.volume.anonymous)
///         of a volume mount when `rm -v` / --rm, ignoring "in use"; never for named volumes
/// </code>
/// Security: runc resolves each OCI destination inside the rootfs itself (securejoin plus a
/// /proc/self/fd check since runc 1.0.0-rc95), so the runtime passes <see cref="ResolvedMount.Destination"/>
/// as written; the copy-up resolves it the same way with openat2(RESOLVE_IN_ROOT), so both land on
/// the same in-rootfs directory and a symlink planted by the image or container cannot reach the host.
/// </summary>
public interface IMountPlanner
{
    Task<IReadOnlyList<ResolvedMount>> PlanAsync(MountPlanRequest request, CancellationToken cancellationToken);

    /// <summary><paramref name="rootfsPath"/> is the container's mounted rootfs on the host. On failure every volume
    /// mounted so far is released again before the exception propagates.</summary>
    Task<PreparedMounts> PrepareAsync(string containerId, string rootfsPath, IReadOnlyList<ResolvedMount> mounts, CancellationToken cancellationToken);

    Task ReleaseAsync(string containerId, IReadOnlyList<ResolvedMount> mounts, CancellationToken cancellationToken);
}
