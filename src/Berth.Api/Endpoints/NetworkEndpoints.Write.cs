using Berth.Api.Models.Networks;
using Berth.Api.Networks;
using Berth.Core.Errors;
using Berth.Core.Events;
using Berth.Core.Networks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Endpoints;

/// <summary>Network endpoints that change state: create, remove, prune.</summary>
internal static partial class NetworkEndpoints
{
    private static async Task<IResult> CreateAsync(HttpContext context, [FromServices] INetworkService networks)
    {
        var request = await JsonBody.ReadAsync(context, NetworkJsonContext.Default.NetworkCreateRequest)
            ?? throw EngineException.InvalidArgument("invalid JSON: got EOF while reading request body");
        var network = await networks.CreateAsync(NetworkSpecMapper.ToSpec(request), context.RequestAborted);
        NetworkEvents.Publish(context.RequestServices.GetService<IEventSink>(), "create", network);
        var body = new NetworkCreateResponse { Id = network.Id };
        return Results.Json(body, NetworkJsonContext.Default.NetworkCreateResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, string id, [FromServices] INetworkService networks)
    {
        var network = await networks.GetAsync(id, context.RequestAborted);
        await networks.RemoveAsync(network.Id, context.RequestAborted);
        NetworkEvents.Publish(context.RequestServices.GetService<IEventSink>(), "destroy", network);
        return Results.NoContent();
    }

    private static async Task<IResult> PruneAsync(HttpContext context, [FromServices] INetworkService networks)
    {
        var filters = QueryValues.Filters(context.Request);
        var before = await networks.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), context.RequestAborted);
        var removed = await networks.PruneAsync(filters, context.RequestAborted);
        var sink = context.RequestServices.GetService<IEventSink>();
        foreach (var network in before.Where(n => removed.Contains(n.Name)))
        {
            NetworkEvents.Publish(sink, "destroy", network);
        }

        var body = new NetworkPruneResponse { NetworksDeleted = removed.Count == 0 ? null : removed };
        return Results.Json(body, NetworkJsonContext.Default.NetworkPruneResponse);
    }
}
