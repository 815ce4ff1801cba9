using Berth.Api.Models.Volumes;
using Berth.Core.Volumes;

namespace Berth.Api.Volumes;

/// <summary>Domain volumes to Docker's wire shape.</summary>
internal static class VolumeProjection
{
    public static VolumeResponse Volume(VolumeInfo volume) => new()
    {
        CreatedAt = volume.CreatedAt,
        Driver = volume.Driver,
        Labels = volume.Labels,
        Mountpoint = volume.Mountpoint,
        Name = volume.Name,
        Options = volume.Options,
        Scope = volume.Scope,
        Status = volume.Status,
        UsageData = volume.UsageData is { } usage
            ? new VolumeUsageDataResponse { Size = usage.Size, RefCount = usage.RefCount }
            : null,
    };
}
