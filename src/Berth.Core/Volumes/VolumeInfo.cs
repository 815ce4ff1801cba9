namespace Berth.Core.Volumes;

/// <summary>
/// A volume as Docker's API shows it (`docker volume inspect`). <see cref="CreatedAt"/> is RFC 3339
/// in UTC ("2024-01-02T03:04:05Z"); <see cref="Options"/> are the driver options given at create
/// (type, device, o); <see cref="Status"/> is null for the local driver, as in Docker.
/// <see cref="UsageData"/> is filled only by <see cref="IVolumeService.SizeAsync"/> (`system df -v`).
/// </summary>
public sealed record VolumeInfo
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "local";
    public required string Mountpoint { get; init; }
    public required string CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string>? Status { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string Scope { get; init; } = "local";
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public VolumeUsageData? UsageData { get; init; }
}

/// <summary>Docker's UsageData: Size in bytes (-1 when unknown), RefCount = containers using the volume.</summary>
public sealed record VolumeUsageData(long Size, long RefCount);
