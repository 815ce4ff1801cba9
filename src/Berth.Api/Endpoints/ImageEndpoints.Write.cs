using Berth.Api.Images;
using Berth.Api.Models;
using Berth.Core.Errors;
using Berth.Core.Images;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Endpoints;

/// <summary>Image endpoints that change references: tag, remove, prune.</summary>
internal static partial class ImageEndpoints
{
    private static async Task TagAsync(HttpContext context, string name)
    {
        var images = context.RequestServices.GetRequiredService<IImageService>();
        var repository = QueryValues.String(context.Request, "repo")
            ?? throw EngineException.InvalidArgument("repository name must have at least one component");
        await images.TagAsync(name, repository, QueryValues.String(context.Request, "tag"), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string path, [FromServices] IImageService images)
    {
        var force = QueryValues.Bool(context.Request, "force");
        var noPrune = QueryValues.Bool(context.Request, "noprune");
        var items = await images.RemoveAsync(path, force, noPrune, context.RequestAborted);
        IReadOnlyList<ImageDeleteResponseItem> body = items.Select(ImageProjection.Delete).ToArray();
        return Results.Json(body, BerthJsonContext.Default.IReadOnlyListImageDeleteResponseItem);
    }

    private static async Task<IResult> PruneAsync(HttpContext context, [FromServices] IImageService images)
    {
        var filters = QueryValues.Filters(context.Request);
        var result = await images.PruneAsync(filters, context.RequestAborted);
        var body = new ImagePruneResponse
        {
            ImagesDeleted = result.ImagesDeleted.Select(ImageProjection.Delete).ToArray(),
            SpaceReclaimed = result.SpaceReclaimed,
        };
        return Results.Json(body, BerthJsonContext.Default.ImagePruneResponse);
    }
}
