using System.Globalization;
using Berth.Core.Errors;
using Berth.Core.Volumes;

namespace Berth.Volumes;

/// <summary>
/// <see cref="IVolumeService"/> for the local driver. One lock serialises every operation: volume
/// operations are rare next to their I/O, and it keeps create/remove/mount races out.
/// </summary>
public sealed partial class VolumeService : IVolumeService
{
    private readonly VolumeStore _store;
    private readonly IVolumeUsage _usage;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Dictionary<string, VolumeRecord>? _volumes;
    private int _pruneRunning;

    /// <param name="dataRoot">--data-root; volumes live in &lt;dataRoot&gt;/volumes.</param>
    /// <param name="usage">Which containers reference which volumes (the container engine).</param>
    public VolumeService(string dataRoot, IVolumeUsage usage, TimeProvider? time = null)
    {
        _store = new VolumeStore(dataRoot);
        _usage = usage;
        _time = time ?? TimeProvider.System;
    }

    public async Task<VolumeInfo> CreateAsync(string? name, string? driver, IReadOnlyDictionary<string, string> driverOpts, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var allLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        if (string.IsNullOrEmpty(name))
        {
            name = VolumeNames.Generate();
            allLabels[VolumeNames.AnonymousLabel] = "";
        }
        VolumeNames.ValidateDriver(name, driver);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var volumes = Volumes();
            if (volumes.TryGetValue(name, out VolumeRecord? existing))
            {
                // Docker's create is idempotent: the existing volume wins, its options and labels unchanged.
                return ToInfo(existing);
            }
            VolumeNames.Validate(name);
            DriverOptions.Validate(name, driverOpts);
            var record = new VolumeRecord
            {
                Name = name,
                CreatedAt = TruncateToSeconds(_time.GetUtcNow()),
                Labels = allLabels,
                Options = new Dictionary<string, string>(driverOpts, StringComparer.Ordinal),
            };
            _store.Create(record);
            volumes[name] = record;
            return ToInfo(record);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<VolumeInfo> GetAsync(string name, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return ToInfo(Find(name, "get"));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        var filter = VolumeFilters.Create(filters, "dangling", "name", "driver", "label");
        _ = filter.GetBool("dangling");
        var references = await _usage.GetReferencesAsync(cancellationToken).ConfigureAwait(false);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Volumes().Values
                .Where(v => filter.Matches(v, IsReferenced(v, references)))
                .OrderBy(v => v.Name, StringComparer.Ordinal)
                .Select(ToInfo)
                .ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    private VolumeRecord Find(string name, string op) =>
        Volumes().TryGetValue(name, out VolumeRecord? v) ? v : throw EngineException.NotFound($"{op} {name}: no such volume");

    private static bool IsReferenced(VolumeRecord v, IReadOnlyDictionary<string, IReadOnlyList<string>> references) =>
        v.Holders.Count > 0 || (references.TryGetValue(v.Name, out var ids) && ids.Count > 0);

    /// <summary>Loads the volumes on first use and notes which driver-option volumes are still mounted (daemon restart).</summary>
    private Dictionary<string, VolumeRecord> Volumes()
    {
        if (_volumes is not null)
        {
            return _volumes;
        }
        var mounted = Linux.Mounts.MountPointsUnder(_store.Root).ToHashSet(StringComparer.Ordinal);
        var volumes = new Dictionary<string, VolumeRecord>(StringComparer.Ordinal);
        foreach (VolumeRecord v in _store.LoadAll())
        {
            v.Mounted = v.NeedsMount && mounted.Contains(_store.DataPath(v.Name));
            volumes[v.Name] = v;
        }
        return _volumes = volumes;
    }

    private VolumeInfo ToInfo(VolumeRecord v) => new()
    {
        Name = v.Name,
        Driver = VolumeNames.LocalDriver,
        Mountpoint = _store.DataPath(v.Name),
        CreatedAt = v.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Labels = v.Labels,
        Options = v.Options,
    };

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
