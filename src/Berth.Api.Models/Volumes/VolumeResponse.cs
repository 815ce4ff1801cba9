namespace Berth.Api.Models.Volumes;

/// <summary>
/// Docker's Volume object (`docker volume inspect`, list items, `system df`). Properties are in the
/// order of moby's Go struct, so the JSON reads the same as dockerd's.
/// </summary>
public sealed class VolumeResponse
{
    public string? CreatedAt { get; init; }
    public string Driver { get; init; } = "local";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public required string Mountpoint { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public string Scope { get; init; } = "local";
    public IReadOnlyDictionary<string, string>? Status { get; init; }

    /// <summary>Only in `GET /system/df`.</summary>
    public VolumeUsageDataResponse? UsageData { get; init; }
}
