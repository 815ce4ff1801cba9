using Berth.Api.Models.Networks;
using Berth.Api.Networks;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>/networks/*: list, inspect, create, remove, prune, connect, disconnect.</summary>
internal static partial class NetworkEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/networks", ListAsync);
        app.MapPost("/networks/create", CreateAsync);
        app.MapPost("/networks/prune", PruneAsync);
        app.MapGet("/networks/{id}", InspectAsync);
        app.MapDelete("/networks/{id}", RemoveAsync);
        app.MapPost("/networks/{id}/connect", ConnectAsync);
        app.MapPost("/networks/{id}/disconnect", DisconnectAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, [FromServices] INetworkService networks)
    {
        var filters = QueryValues.Filters(context.Request);
        var list = await networks.ListAsync(filters, context.RequestAborted);
        IReadOnlyList<NetworkResponse> body = list.Select(NetworkProjection.Summary).ToArray();
        return Results.Json(body, NetworkJsonContext.Default.IReadOnlyListNetworkResponse);
    }

    private static async Task<IResult> InspectAsync(HttpContext context, string id, [FromServices] INetworkService networks)
    {
        var network = await networks.GetAsync(id, context.RequestAborted);
        // Every Berth network is local: asking for another scope finds nothing, as in dockerd.
        if (QueryValues.String(context.Request, "scope") is { } scope && scope != network.Scope)
        {
            throw EngineException.NotFound($"network {id} not found");
        }

        return Results.Json(NetworkProjection.Inspect(network), NetworkJsonContext.Default.NetworkResponse);
    }
}
