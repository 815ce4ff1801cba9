using Berth.Api.Models.Volumes;
using Berth.Api.Volumes;
using Berth.Core.Volumes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>/volumes/*: list, inspect, create, remove, prune.</summary>
internal static partial class VolumeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/volumes", ListAsync);
        app.MapPost("/volumes/create", CreateAsync);
        app.MapPost("/volumes/prune", PruneAsync);
        app.MapGet("/volumes/{name}", InspectAsync);
        app.MapDelete("/volumes/{name}", RemoveAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, [FromServices] IVolumeService volumes)
    {
        var filters = QueryValues.Filters(context.Request);
        var list = await volumes.ListAsync(filters, context.RequestAborted);
        var body = new VolumeListResponse { Volumes = list.Select(VolumeProjection.Volume).ToArray() };
        return Results.Json(body, VolumeJsonContext.Default.VolumeListResponse);
    }

    private static async Task<IResult> InspectAsync(HttpContext context, string name, [FromServices] IVolumeService volumes)
    {
        var volume = await volumes.GetAsync(name, context.RequestAborted);
        return Results.Json(VolumeProjection.Volume(volume), VolumeJsonContext.Default.VolumeResponse);
    }
}
