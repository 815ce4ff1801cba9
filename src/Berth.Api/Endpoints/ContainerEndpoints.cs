using Berth.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>
/// /containers/*: lifecycle (create, start, stop, ...), reads (ps, inspect, top, stats) and streams
/// (logs, attach, wait). Operations the engine does not offer yet answer 501 instead of pretending.
/// </summary>
internal static partial class ContainerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/containers/create", CreateAsync);
        app.MapGet("/containers/json", ListAsync);
        app.MapPost("/containers/prune", PruneAsync);
        app.MapGet("/containers/{name}/json", InspectAsync);
        app.MapPost("/containers/{name}/start", StartAsync);
        app.MapPost("/containers/{name}/stop", StopAsync);
        app.MapPost("/containers/{name}/restart", RestartAsync);
        app.MapPost("/containers/{name}/kill", KillAsync);
        app.MapPost("/containers/{name}/pause", PauseAsync);
        app.MapPost("/containers/{name}/unpause", UnpauseAsync);
        app.MapPost("/containers/{name}/wait", WaitAsync);
        app.MapDelete("/containers/{name}", RemoveAsync);
        app.MapPost("/containers/{name}/rename", RenameAsync);
        app.MapGet("/containers/{name}/logs", LogsAsync);
        app.MapPost("/containers/{name}/attach", AttachAsync);
        app.MapPost("/containers/{name}/resize", ResizeAsync);
        app.MapGet("/containers/{name}/top", TopAsync);
        app.MapGet("/containers/{name}/stats", StatsAsync);

        NotImplemented(app, ["POST"], "/containers/{name}/update", "updating a container's resources (docker update)");
        NotImplemented(app, ["GET"], "/containers/{name}/attach/ws", "attaching over a websocket");
    }

    private static void NotImplemented(IEndpointRouteBuilder app, string[] methods, string pattern, string what) =>
        app.MapMethods(pattern, methods, context =>
            ErrorWriter.WriteAsync(context, StatusCodes.Status501NotImplemented, $"{what} is not implemented in Berth yet"));
}
