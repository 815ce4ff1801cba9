using Berth.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>
/// /images/*. Image names may contain slashes ("localhost:5000/a/b:1"), so per-image routes are
/// catch-alls whose trailing action segment (json, history, get, tag) is split off here.
/// </summary>
internal static partial class ImageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/images/json", ListAsync);
        app.MapGet("/images/get", SaveManyAsync);
        app.MapPost("/images/create", CreateAsync);
        app.MapPost("/images/load", LoadAsync);
        app.MapPost("/images/prune", PruneAsync);
        app.MapGet("/images/{**path}", GetByNameAsync);
        app.MapPost("/images/{**path}", PostByNameAsync);
        app.MapDelete("/images/{**path}", DeleteAsync);
    }

    private static Task GetByNameAsync(HttpContext context, string path)
    {
        if (SplitAction(path) is (var name, var action))
        {
            switch (action)
            {
                case "json": return InspectAsync(context, name);
                case "history": return HistoryAsync(context, name);
                case "get": return SaveOneAsync(context, name);
            }
        }

        return NotFound(context);
    }

    private static Task PostByNameAsync(HttpContext context, string path)
    {
        if (SplitAction(path) is (var name, var action))
        {
            switch (action)
            {
                case "tag": return TagAsync(context, name);
                case "push":
                    return ErrorWriter.WriteAsync(context, StatusCodes.Status501NotImplemented,
                        "pushing images is not supported by berthd yet");
            }
        }

        return NotFound(context);
    }

    private static (string Name, string Action)? SplitAction(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? null : (path[..slash], path[(slash + 1)..]);
    }

    private static Task NotFound(HttpContext context) =>
        ErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, "page not found");
}
