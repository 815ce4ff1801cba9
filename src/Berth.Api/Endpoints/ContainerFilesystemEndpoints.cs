using System.Text.Json;
using Berth.Api.Models.Containers;
using Berth.Api.Streaming;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>
/// A container's filesystem: archive (docker cp), changes (diff), export and commit. Streams start
/// only after the engine resolved the container and path, so errors keep their status code.
/// </summary>
internal static class ContainerFilesystemEndpoints
{
    private const string PathStatHeader = "X-Docker-Container-Path-Stat";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/containers/{name}/archive", ["HEAD"], StatAsync);
        app.MapGet("/containers/{name}/archive", GetArchiveAsync);
        app.MapPut("/containers/{name}/archive", PutArchiveAsync);
        app.MapGet("/containers/{name}/changes", ChangesAsync);
        app.MapGet("/containers/{name}/export", ExportAsync);
        app.MapPost("/commit", CommitAsync);
    }

    private static async Task StatAsync(HttpContext context, string name, [FromServices] IContainerFilesystem filesystem)
    {
        var stat = await filesystem.StatPathAsync(name, RequiredPath(context.Request), context.RequestAborted);
        context.Response.Headers[PathStatHeader] = stat.ToHeaderValue();
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task GetArchiveAsync(HttpContext context, string name, [FromServices] IContainerFilesystem filesystem)
    {
        var archive = await filesystem.OpenArchiveAsync(name, RequiredPath(context.Request), context.RequestAborted);
        await using (archive)
        {
            context.Response.Headers[PathStatHeader] = archive.Stat.ToHeaderValue();
            context.Response.ContentType = "application/x-tar";
            StreamingResponse.DisableBuffering(context);
            await archive.WriteToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private static async Task PutArchiveAsync(HttpContext context, string name, [FromServices] IContainerFilesystem filesystem)
    {
        var request = context.Request;
        await filesystem.PutArchiveAsync(
            name,
            RequiredPath(request),
            request.Body,
            QueryValues.Bool(request, "noOverwriteDirNonDir"),
            QueryValues.Bool(request, "copyUIDGID"),
            context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Docker answers JSON null, not [], when nothing changed.</summary>
    private static async Task ChangesAsync(HttpContext context, string name, [FromServices] IContainerFilesystem filesystem)
    {
        var changes = await filesystem.ChangesAsync(name, context.RequestAborted);
        context.Response.ContentType = "application/json";
        var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            if (changes.Count == 0)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStartArray();
                foreach (var change in changes)
                {
                    json.WriteStartObject();
                    json.WriteString("Path", change.Path);
                    json.WriteNumber("Kind", (int)change.Kind);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
        }

        buffer.WriteByte((byte)'\n');
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    private static async Task ExportAsync(HttpContext context, string name, [FromServices] IContainerFilesystem filesystem)
    {
        context.Response.ContentType = "application/octet-stream";
        StreamingResponse.DisableBuffering(context);
        await filesystem.ExportAsync(name, context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// Docker's postCommit: the body is a container Config (may be empty or null), pause defaults to
    /// true (API 1.13+), repeated "changes" are Dockerfile instructions.
    /// </summary>
    private static async Task<IResult> CommitAsync(HttpContext context, [FromServices] IContainerFilesystem filesystem)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var config = body.ToArray().AsMemory().Trim(" \t\r\n"u8.ToArray());
        var options = new CommitOptions
        {
            Repository = QueryValues.String(request, "repo"),
            Tag = QueryValues.String(request, "tag"),
            Comment = QueryValues.String(request, "comment"),
            Author = QueryValues.String(request, "author"),
            Changes = QueryValues.All(request, "changes"),
            ConfigOverrides = config,
            Pause = request.Query["pause"].ToString().Length == 0 || QueryValues.Bool(request, "pause"),
        };
        var image = await filesystem.CommitAsync(QueryValues.String(request, "container") ?? "", options, context.RequestAborted);
        return Results.Json(new IdResponse { Id = image.Id }, ContainerJsonContext.Default.IdResponse, statusCode: StatusCodes.Status201Created);
    }

    private static string RequiredPath(HttpRequest request) =>
        QueryValues.String(request, "path") ?? throw EngineException.InvalidArgument("bad parameter: path cannot be empty");
}
