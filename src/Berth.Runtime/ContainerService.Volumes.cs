using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Volumes;
using Berth.Runtime.State;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

/// <summary>
/// Volumes of a container, through the mount planner: planned at create (persisted with the
/// container), prepared at each start, released at each exit, re-taken on re-adoption; anonymous
/// volumes go with `rm -v` and --rm.
/// </summary>
public sealed partial class ContainerService
{
    private const string AnonymousVolumeLabel = "com.docker.volume.anonymous";

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetReferencesAsync(CancellationToken cancellationToken)
    {
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (ContainerEntry e in _containers.Values)
        {
            List<ResolvedMount> mounts;
            lock (e.Sync)
            {
                mounts = e.Record.Mounts;
            }
            foreach (string name in mounts.Where(m => m.Type == ResolvedMount.TypeVolume).Select(m => m.Name).Distinct())
            {
                references[name] = references.TryGetValue(name, out var ids) ? [.. ids, e.Record.Id] : [e.Record.Id];
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(references);
    }

    private async Task<List<ResolvedMount>> PlanMountsAsync(string id, ContainerSpec spec, ContainerSpec config, CancellationToken ct)
    {
        if (_planner is null)
        {
            return [];
        }
        var request = new MountPlanRequest
        {
            ContainerId = id,
            Binds = spec.Binds,
            Mounts = spec.Mounts,
            Tmpfs = spec.Tmpfs,
            VolumesFrom = spec.VolumesFrom,
            ImageVolumes = config.Volumes,
            VolumeDriver = spec.VolumeDriver,
            ContainerMounts = (nameOrId, _) => Task.FromResult<IReadOnlyList<ResolvedMount>>(Find(nameOrId).Record.Mounts),
        };
        return [.. await _planner.PlanAsync(request, ct).ConfigureAwait(false)];
    }

    /// <summary>Mounts the volumes, copies image data into new ones, and persists the updated list.</summary>
    private async Task<PreparedMounts?> PrepareMountsAsync(ContainerEntry entry, string rootfs, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        if (_planner is null || r.Mounts.Count == 0)
        {
            return null;
        }
        PreparedMounts prepared = await _planner.PrepareAsync(r.Id, rootfs, r.Mounts, ct).ConfigureAwait(false);
        lock (entry.Sync)
        {
            r.Mounts = [.. prepared.Mounts];
            _store.Save(r);
        }
        return prepared;
    }

    /// <summary>Drops this container's hold on its volumes (driver-option volumes unmount with the last holder). Never throws.</summary>
    private async Task ReleaseMountsAsync(ContainerEntry entry)
    {
        ContainerRecord r = entry.Record;
        if (_planner is null || r.Mounts.Count == 0)
        {
            return;
        }
        try
        {
            await _planner.ReleaseAsync(r.Id, r.Mounts, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EngineException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "releasing the volumes of {Id} failed", r.Id);
        }
    }

    /// <summary>A re-adopted running container holds its volumes again (the volume service lost its holders with the old daemon).</summary>
    private async Task RetakeVolumesAsync(ContainerRecord r, CancellationToken ct)
    {
        if (_volumes is null)
        {
            return;
        }
        foreach (ResolvedMount m in r.Mounts.Where(m => m.Type == ResolvedMount.TypeVolume))
        {
            try
            {
                await _volumes.MountAsync(m.Name, r.Id, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EngineException or IOException)
            {
                _logger.LogWarning(e, "re-mounting volume {Volume} of {Id} failed", m.Name, r.Id);
            }
        }
    }

    /// <summary>`rm -v`: the container's anonymous volumes, never named ones; one still in use (--volumes-from) stays.</summary>
    private async Task RemoveAnonymousVolumesAsync(IReadOnlyList<ResolvedMount> mounts)
    {
        if (_volumes is null)
        {
            return;
        }
        foreach (string name in mounts.Where(m => m.Type == ResolvedMount.TypeVolume).Select(m => m.Name).Distinct())
        {
            try
            {
                VolumeInfo volume = await _volumes.GetAsync(name, CancellationToken.None).ConfigureAwait(false);
                if (volume.Labels.ContainsKey(AnonymousVolumeLabel))
                {
                    await _volumes.RemoveAsync(name, force: false, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (EngineException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.Conflict)
            {
            }
        }
    }
}
