namespace Berth.Volumes;

/// <summary>One volume's persisted metadata plus its in-memory mount state (guarded by the service's lock).</summary>
internal sealed class VolumeRecord
{
    public required string Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>Containers (or other holders) that called MountAsync and not UnmountAsync yet.</summary>
    public HashSet<string> Holders { get; } = new(StringComparer.Ordinal);

    /// <summary>The device of a driver-option volume is mounted on _data.</summary>
    public bool Mounted { get; set; }

    public bool NeedsMount => DriverOptions.NeedsMount(Options);

    public bool IsAnonymous => Labels.ContainsKey(VolumeNames.AnonymousLabel);
}
