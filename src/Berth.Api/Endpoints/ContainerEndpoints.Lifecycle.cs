using System.Globalization;
using Berth.Api.Containers;
using Berth.Api.Models.Containers;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Berth.Api.Endpoints;

/// <summary>Container endpoints that change state: create, start, stop, restart, kill, pause, rm, rename, prune.</summary>
internal static partial class ContainerEndpoints
{
    private static async Task<IResult> CreateAsync(HttpContext context, [FromServices] IContainerService containers)
    {
        var request = await JsonBody.ReadAsync(context, ContainerJsonContext.Default.ContainerCreateRequest)
            ?? throw EngineException.InvalidArgument("config cannot be empty in order to create a container");
        var spec = ContainerSpecMapper.ToSpec(request);
        var result = await containers.CreateAsync(QueryValues.String(context.Request, "name"), spec, context.RequestAborted);
        var body = new ContainerCreateResponse
        {
            Id = result.Id,
            Warnings = [.. result.Warnings, .. ContainerSpecMapper.Ignored(request)],
        };
        return Results.Json(body, ContainerJsonContext.Default.ContainerCreateResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> StartAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        await containers.StartAsync(name, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> StopAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        await containers.StopAsync(name, StopTimeout(context.Request), QueryValues.String(context.Request, "signal"), context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RestartAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        await containers.RestartAsync(name, StopTimeout(context.Request), QueryValues.String(context.Request, "signal"), context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> KillAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        try
        {
            await containers.KillAsync(name, QueryValues.String(context.Request, "signal"), context.RequestAborted);
        }
        catch (EngineException e)
        {
            // moby's postContainersKill wraps every failure, an unknown name included.
            throw new EngineException(e.Kind, $"cannot kill container: {name}: {e.Message}", e);
        }
        return Results.NoContent();
    }

    private static async Task<IResult> PauseAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        await containers.PauseAsync(name, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> UnpauseAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        await containers.UnpauseAsync(name, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        if (QueryValues.Bool(context.Request, "link"))
        {
            throw EngineException.InvalidArgument("legacy links are not supported by Berth");
        }

        await containers.RemoveAsync(name, QueryValues.Bool(context.Request, "force"), QueryValues.Bool(context.Request, "v"), context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> RenameAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        var newName = QueryValues.String(context.Request, "name")
            ?? throw EngineException.InvalidArgument("Neither old nor new names may be empty");
        await containers.RenameAsync(name, newName, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> PruneAsync(HttpContext context, [FromServices] IContainerService containers)
    {
        var result = await containers.PruneAsync(QueryValues.Filters(context.Request), context.RequestAborted);
        var body = new ContainerPruneResponse
        {
            ContainersDeleted = result.ContainersDeleted.Count == 0 ? null : result.ContainersDeleted,
            SpaceReclaimed = result.SpaceReclaimed,
        };
        return Results.Json(body, ContainerJsonContext.Default.ContainerPruneResponse);
    }

    /// <summary>"t" (seconds; -1 waits forever); API &lt; 1.42 clients may still send "timeout".</summary>
    private static int? StopTimeout(HttpRequest request)
    {
        var text = QueryValues.String(request, "t") ?? QueryValues.String(request, "timeout");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw EngineException.InvalidArgument($"invalid value for t: \"{text}\"");
    }
}
