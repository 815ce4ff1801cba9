using Berth.Core.Errors;
using Berth.Core.Volumes;

namespace Berth.Api.Tests.Volumes;

/// <summary>In-memory volumes that record what the endpoints asked for.</summary>
internal sealed class FakeVolumeService : IVolumeService
{
    private readonly SortedDictionary<string, VolumeInfo> _volumes = new(StringComparer.Ordinal);

    public HashSet<string> InUse { get; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? LastFilters { get; private set; }
    public bool? LastPruneAll { get; private set; }
    public bool? LastForce { get; private set; }
    public (string? Name, string? Driver, IReadOnlyDictionary<string, string> Options, IReadOnlyDictionary<string, string> Labels)? LastCreate { get; private set; }

    public VolumeInfo Add(string name, IReadOnlyDictionary<string, string>? labels = null, VolumeUsageData? usage = null)
    {
        var volume = new VolumeInfo
        {
            Name = name,
            Mountpoint = $"/data/volumes/{name}/_data",
            CreatedAt = "2024-01-02T03:04:05Z",
            Labels = labels ?? new Dictionary<string, string>(),
            UsageData = usage,
        };
        _volumes[name] = volume;
        return volume;
    }

    public Task<VolumeInfo> CreateAsync(string? name, string? driver, IReadOnlyDictionary<string, string> driverOpts, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        LastCreate = (name, driver, driverOpts, labels);
        if (driver is { Length: > 0 } and not "local")
        {
            throw EngineException.NotFound($"create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found");
        }

        var volume = _volumes.TryGetValue(name ?? "", out var existing)
            ? existing
            : Add(string.IsNullOrEmpty(name) ? new string('a', 64) : name, labels) with { Options = driverOpts };
        _volumes[volume.Name] = volume;
        return Task.FromResult(volume);
    }

    public Task<VolumeInfo> GetAsync(string name, CancellationToken cancellationToken) =>
        _volumes.TryGetValue(name, out var v) ? Task.FromResult(v with { UsageData = null }) : throw EngineException.NotFound($"get {name}: no such volume");

    public Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        LastFilters = filters;
        return Task.FromResult<IReadOnlyList<VolumeInfo>>(_volumes.Values.Select(v => v with { UsageData = null }).ToList());
    }

    public Task RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        LastForce = force;
        if (!_volumes.ContainsKey(name))
        {
            return force ? Task.CompletedTask : throw EngineException.NotFound($"get {name}: no such volume");
        }

        if (InUse.Contains(name))
        {
            throw EngineException.Conflict($"remove {name}: volume is in use - [c1]");
        }

        _volumes.Remove(name);
        return Task.CompletedTask;
    }

    public Task<VolumePruneReport> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken)
    {
        LastFilters = filters;
        LastPruneAll = all;
        var deleted = _volumes.Keys.Where(n => !InUse.Contains(n)).ToList();
        foreach (var name in deleted)
        {
            _volumes.Remove(name);
        }

        return Task.FromResult(new VolumePruneReport(deleted, deleted.Count * 100L));
    }

    public Task<string> MountAsync(string name, string holder, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UnmountAsync(string name, string holder, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<VolumeInfo>> SizeAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VolumeInfo>>(_volumes.Values.Select(v => v with { UsageData = v.UsageData ?? new VolumeUsageData(0, 0) }).ToList());
}
