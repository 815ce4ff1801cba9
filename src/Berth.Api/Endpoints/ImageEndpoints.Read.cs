using Berth.Api.Images;
using Berth.Api.Models;
using Berth.Api.Versioning;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Endpoints;

/// <summary>Read-only image endpoints: list, inspect, history.</summary>
internal static partial class ImageEndpoints
{
    private static async Task<IResult> ListAsync(HttpContext context, [FromServices] IImageService images)
    {
        var filters = QueryValues.Filters(context.Request);
        var all = QueryValues.Bool(context.Request, "all");
        var version = ApiVersionMiddleware.Get(context);
        var list = await images.ListAsync(filters, all, context.RequestAborted);
        IReadOnlyList<ImageSummary> body = list.Select(i => ImageProjection.Summary(i, version)).ToArray();
        return Results.Json(body, BerthJsonContext.Default.IReadOnlyListImageSummary);
    }

    private static async Task InspectAsync(HttpContext context, string name)
    {
        var images = context.RequestServices.GetRequiredService<IImageService>();
        var snapshotter = context.RequestServices.GetService<ISnapshotter>();
        var image = await images.GetAsync(name, context.RequestAborted);
        var body = ImageProjection.Inspect(image, ApiVersionMiddleware.Get(context), snapshotter);
        await Results.Json(body, BerthJsonContext.Default.ImageInspect).ExecuteAsync(context);
    }

    private static async Task HistoryAsync(HttpContext context, string name)
    {
        var images = context.RequestServices.GetRequiredService<IImageService>();
        var history = await images.HistoryAsync(name, context.RequestAborted);
        IReadOnlyList<ImageHistoryItem> body = history.Select(ImageProjection.History).ToArray();
        await Results.Json(body, BerthJsonContext.Default.IReadOnlyListImageHistoryItem).ExecuteAsync(context);
    }
}
