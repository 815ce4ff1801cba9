namespace Berth.Api.Models.Volumes;

/// <summary>`POST /volumes/create` body (VolumeCreateOptions). ClusterVolumeSpec is not supported and ignored.</summary>
public sealed class VolumeCreateRequest
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public Dictionary<string, string>? DriverOpts { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}
