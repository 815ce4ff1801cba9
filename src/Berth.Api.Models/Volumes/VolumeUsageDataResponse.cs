namespace Berth.Api.Models.Volumes;

/// <summary>Volume.UsageData: bytes used (-1 unknown) and how many containers reference the volume.</summary>
public sealed class VolumeUsageDataResponse
{
    public long Size { get; init; } = -1;
    public long RefCount { get; init; } = -1;
}
