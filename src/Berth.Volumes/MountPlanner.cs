using Berth.Core.Errors;
using Berth.Core.Volumes;

namespace Berth.Volumes;

/// <summary>
/// <see cref="IMountPlanner"/> following Docker's registerMountPoints: --volumes-from first, then
/// -v binds, then --mount (both may replace a volumes-from mount, not each other), then --tmpfs,
/// then the image's anonymous volumes where nothing else is mounted.
/// </summary>
public sealed partial class MountPlanner : IMountPlanner
{
    private readonly IVolumeService _volumes;

    public MountPlanner(IVolumeService volumes) => _volumes = volumes;

    public async Task<IReadOnlyList<ResolvedMount>> PlanAsync(MountPlanRequest request, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        try
        {
            return await PlanCoreAsync(request, created, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Docker removes the anonymous volumes of a container whose create failed.
            foreach (string name in created)
            {
                try
                {
                    await _volumes.RemoveAsync(name, force: true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (EngineException)
                {
                }
            }
            throw;
        }
    }

    private async Task<IReadOnlyList<ResolvedMount>> PlanCoreAsync(MountPlanRequest request, List<string> created, CancellationToken cancellationToken)
    {
        var mounts = new Dictionary<string, ResolvedMount>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);

        foreach (string spec in request.VolumesFrom)
        {
            var (container, mode) = BindSpecParser.ParseVolumesFrom(spec);
            if (request.ContainerMounts is null)
            {
                throw EngineException.NotFound("No such container: " + container);
            }
            bool rw = MountModes.IsReadWrite(mode);
            foreach (ResolvedMount m in await request.ContainerMounts(container, cancellationToken).ConfigureAwait(false))
            {
                if (m.Inspectable)
                {
                    mounts[m.Destination] = m with { RW = m.RW && rw, Mode = "", CopyData = false };
                }
            }
        }

        var tmpfsTargets = request.Tmpfs.Keys.Select(ContainerPath.Clean).ToHashSet(StringComparer.Ordinal);
        foreach (string raw in request.Binds)
        {
            var (config, mode) = BindSpecParser.Parse(raw, request.VolumeDriver);
            string destination = ContainerPath.Clean(config.Target);
            if (taken.Contains(destination) || tmpfsTargets.Contains(destination))
            {
                throw MountErrors.Duplicate(destination);
            }
            ResolvedMount mount = config.Type == ResolvedMount.TypeBind
                ? BindMount(config, destination, mode, createSource: true)
                : await VolumeMountAsync(config, destination, mode, created, cancellationToken).ConfigureAwait(false);
            taken.Add(destination);
            mounts[destination] = mount;
        }

        foreach (var spec in request.Mounts)
        {
            MountConfig config = MountSpecParser.ToConfig(spec);
            MountValidator.Validate(config, validateBindSourceExists: true);
            string destination = ContainerPath.Clean(config.Target);
            if (taken.Contains(destination) || tmpfsTargets.Contains(destination))
            {
                throw MountErrors.Duplicate(config.Target);
            }
            ResolvedMount mount = config.Type switch
            {
                ResolvedMount.TypeBind => BindMount(config, destination, "", createSource: false),
                ResolvedMount.TypeVolume => await VolumeMountAsync(config, destination, "", created, cancellationToken).ConfigureAwait(false),
                _ => new ResolvedMount
                {
                    Type = ResolvedMount.TypeTmpfs,
                    Destination = destination,
                    RW = !config.ReadOnly,
                    TmpfsOptions = TmpfsOptionsBuilder.FromMount(config),
                },
            };
            taken.Add(destination);
            mounts[destination] = mount;
        }

        foreach (var (path, options) in request.Tmpfs)
        {
            MountValidator.ValidateTmpfsDestination(path);
            string destination = ContainerPath.Clean(path);
            string merged = TmpfsOptionsBuilder.Build(options);
            mounts[destination] = new ResolvedMount
            {
                Type = ResolvedMount.TypeTmpfs,
                Destination = destination,
                RW = !merged.Split(',').Contains("ro"),
                TmpfsOptions = merged,
                Inspectable = false,
            };
        }

        foreach (string path in request.ImageVolumes)
        {
            string destination = ContainerPath.Clean(path);
            if (mounts.ContainsKey(destination))
            {
                continue;
            }
            VolumeInfo volume = await CreateVolumeAsync(null, request.VolumeDriver, new Dictionary<string, string>(), new Dictionary<string, string>(), created, cancellationToken).ConfigureAwait(false);
            mounts[destination] = new ResolvedMount
            {
                Type = ResolvedMount.TypeVolume,
                Name = volume.Name,
                Source = volume.Mountpoint,
                Destination = destination,
                Driver = volume.Driver,
                CopyData = true,
            };
        }

        // Parents before children, as Docker's sortMounts, so /a is mounted before /a/b.
        return mounts.Values.OrderBy(m => ContainerPath.Depth(m.Destination)).ThenBy(m => m.Destination, StringComparer.Ordinal).ToList();
    }

    private static ResolvedMount BindMount(MountConfig config, string destination, string mode, bool createSource) => new()
    {
        Type = ResolvedMount.TypeBind,
        Source = ContainerPath.Clean(config.Source),
        Destination = destination,
        Mode = mode,
        RW = !config.ReadOnly,
        Propagation = config.Propagation.Length > 0 ? config.Propagation : MountModes.DefaultPropagation,
        CreateSourceIfMissing = createSource,
        NonRecursive = config.NonRecursive,
    };

    private async Task<ResolvedMount> VolumeMountAsync(MountConfig config, string destination, string mode, List<string> created, CancellationToken cancellationToken)
    {
        VolumeInfo volume = await CreateVolumeAsync(config.Source, config.Driver, config.DriverOptions, config.Labels, created, cancellationToken).ConfigureAwait(false);
        return new ResolvedMount
        {
            Type = ResolvedMount.TypeVolume,
            Name = volume.Name,
            Source = volume.Mountpoint,
            Destination = destination,
            Driver = volume.Driver,
            // setBindModeIfNull: local volumes show "z" when no mode was given.
            Mode = mode.Length == 0 ? "z" : mode,
            RW = !config.ReadOnly,
            CopyData = !config.NoCopy,
        };
    }

    private async Task<VolumeInfo> CreateVolumeAsync(string? name, string? driver, IReadOnlyDictionary<string, string> opts, IReadOnlyDictionary<string, string> labels, List<string> created, CancellationToken cancellationToken)
    {
        VolumeInfo volume = await _volumes.CreateAsync(string.IsNullOrEmpty(name) ? null : name, driver, opts, labels, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(name))
        {
            created.Add(volume.Name);
        }
        return volume;
    }
}
