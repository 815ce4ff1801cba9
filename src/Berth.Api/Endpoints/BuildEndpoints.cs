using System.Text.Json;
using Berth.Api.Build;
using Berth.Core.Build;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>/build (the classic builder; /_ping says Builder-Version 1) and /build/prune.</summary>
internal static class BuildEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/build", BuildAsync);
        app.MapPost("/build/prune", PruneAsync);
        app.MapPost("/build/cancel", () => Results.Ok());
    }

    private static async Task BuildAsync(HttpContext context, [FromServices] IImageBuilder builder)
    {
        var request = BuildQuery.Parse(context.Request);
        var quiet = QueryValues.Bool(context.Request, "q");
        var output = new BuildMessageWriter(context, quiet);
        try
        {
            var imageId = await builder.BuildAsync(request, context.Request.Body, output, context.RequestAborted);
            if (quiet)
            {
                await output.WriteQuietResultAsync(imageId, context.RequestAborted);
            }
        }
        catch (Exception e) when (output.Started && e is not OperationCanceledException)
        {
            // Once the stream is open the error travels in-band (the docker CLI prints it and exits with code).
            var code = (e as BuildCommandFailedException)?.ExitCode;
            await output.WriteErrorAsync(e.Message, code, context.RequestAborted);
            return;
        }
        catch (BuildCommandFailedException e) when (!output.Started)
        {
            // q=1 held the output back; the failure still belongs in the stream.
            await output.WriteErrorAsync(output.SuppressedOutput + e.Message, e.ExitCode, context.RequestAborted);
            return;
        }
        finally
        {
            await DrainAsync(context);
        }
    }

    // Answering before the client finished sending the context makes it see a broken pipe.
    private static async Task DrainAsync(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
        }
    }

    private static async Task PruneAsync(HttpContext context, [FromServices] IImageBuilder builder)
    {
        var all = QueryValues.Bool(context.Request, "all");
        var result = await builder.PruneCacheAsync(all, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("CachesDeleted");
        foreach (var id in result.CachesDeleted)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteNumber("SpaceReclaimed", result.SpaceReclaimed);
        json.WriteEndObject();
    }
}
