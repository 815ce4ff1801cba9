using System.Text.Json;
using Berth.Api.Containers;
using Berth.Api.Endpoints;
using Berth.Api.Models.Containers;
using Berth.Api.Models.Volumes;
using Berth.Core.Containers;
using Berth.Core.Volumes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Volumes;

/// <summary>
/// The Containers and Volumes parts of `GET /system/df` (legacy shape, API &lt;= 1.51). Each is
/// computed only when its engine is registered and the `type` query (API 1.42) asks for it.
/// </summary>
internal static class DiskUsageParts
{
    private static readonly ContainerListOptions AllWithSize = new() { All = true, Size = true };

    public static async Task<IReadOnlyList<JsonElement>> VolumesAsync(HttpContext context)
    {
        if (!Wanted(context.Request, "volume") || context.RequestServices.GetService<IVolumeService>() is not { } volumes)
        {
            return [];
        }

        var sized = await volumes.SizeAsync(context.RequestAborted);
        return sized
            .Select(v => JsonSerializer.SerializeToElement(VolumeProjection.Volume(v), VolumeJsonContext.Default.VolumeResponse))
            .ToArray();
    }

    public static async Task<IReadOnlyList<JsonElement>> ContainersAsync(HttpContext context)
    {
        if (!Wanted(context.Request, "container") || context.RequestServices.GetService<IContainerService>() is not { } containers)
        {
            return [];
        }

        var list = await containers.ListAsync(AllWithSize, context.RequestAborted);
        var now = DateTimeOffset.UtcNow;
        return list
            .Select(c => JsonSerializer.SerializeToElement(ContainerProjection.Summary(c, now), ContainerJsonContext.Default.ContainerSummary))
            .ToArray();
    }

    private static bool Wanted(HttpRequest request, string type)
    {
        var types = QueryValues.All(request, "type");
        return types.Count == 0 || types.Contains(type);
    }
}
