using Berth.Core.Errors;
using Berth.Core.Volumes;
using Berth.Volumes.Native;

namespace Berth.Volumes;

public sealed partial class MountPlanner
{
    public async Task<PreparedMounts> PrepareAsync(string containerId, string rootfsPath, IReadOnlyList<ResolvedMount> mounts, CancellationToken cancellationToken)
    {
        var taken = new List<ResolvedMount>();
        var oci = new List<OciMount>();
        var updated = new List<ResolvedMount>();
        try
        {
            foreach (ResolvedMount m in mounts)
            {
                switch (m.Type)
                {
                    case ResolvedMount.TypeVolume:
                        string data = await _volumes.MountAsync(m.Name, containerId, cancellationToken).ConfigureAwait(false);
                        taken.Add(m);
                        if (m.CopyData)
                        {
                            await VolumeCopyUp.CopyUpAsync(rootfsPath, m.Destination, data, cancellationToken).ConfigureAwait(false);
                        }
                        oci.Add(new OciMount(m.Destination, "bind", data, BindOptions(m)));
                        updated.Add(m with { CopyData = false });
                        break;
                    case ResolvedMount.TypeBind:
                        oci.Add(new OciMount(m.Destination, "bind", BindSource(m), BindOptions(m)));
                        updated.Add(m);
                        break;
                    default:
                        oci.Add(new OciMount(m.Destination, "tmpfs", "tmpfs", m.TmpfsOptions.Split(',', StringSplitOptions.RemoveEmptyEntries)));
                        updated.Add(m);
                        break;
                }
            }
        }
        catch
        {
            await ReleaseAsync(containerId, taken, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return new PreparedMounts(oci, RootfsPropagation(mounts), updated);
    }

    public async Task ReleaseAsync(string containerId, IReadOnlyList<ResolvedMount> mounts, CancellationToken cancellationToken)
    {
        foreach (ResolvedMount m in mounts.Where(m => m.Type == ResolvedMount.TypeVolume))
        {
            await _volumes.UnmountAsync(m.Name, containerId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The host directory to bind: `-v` creates a missing one (0755, as Docker), `--mount` requires it;
    /// symlinks in the host path are resolved here, on the host, as Docker does.</summary>
    private static string BindSource(ResolvedMount m)
    {
        if (!Path.Exists(m.Source))
        {
            if (!m.CreateSourceIfMissing)
            {
                throw MountErrors.Config(m.Type, MountErrors.BindSourceMissing(m.Source));
            }
            Directory.CreateDirectory(m.Source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return VolumeNative.RealPath(m.Source) ?? throw MountErrors.Config(m.Type, MountErrors.BindSourceMissing(m.Source));
    }

    private static List<string> BindOptions(ResolvedMount m) =>
    [
        m.NonRecursive ? "bind" : "rbind",
        m.RW ? "rw" : "ro",
        m.Propagation.Length > 0 ? m.Propagation : MountModes.DefaultPropagation,
    ];

    /// <summary>Docker sets the rootfs propagation so shared/slave bind mounts can work: rshared wins over rslave.</summary>
    private static string? RootfsPropagation(IReadOnlyList<ResolvedMount> mounts)
    {
        if (mounts.Any(m => m.Propagation is "shared" or "rshared"))
        {
            return "rshared";
        }
        return mounts.Any(m => m.Propagation is "slave" or "rslave") ? "rslave" : null;
    }
}
