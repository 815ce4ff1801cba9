using System.Text.Json;
using Berth.Api.Events;
using Berth.Api.Models;
using Berth.Api.Streaming;
using Berth.Core.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Berth.Api.Endpoints;

/// <summary>GET /events: replay (with since=) and live events as a stream of JSON objects.</summary>
internal static class EventEndpoints
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/events", StreamAsync);

    private static async Task StreamAsync(HttpContext context, [FromServices] IEventStream events, [FromServices] IHostApplicationLifetime lifetime)
    {
        var since = QueryValues.Timestamp(context.Request, "since");
        var until = QueryValues.Timestamp(context.Request, "until");
        var filter = new EventFilter(QueryValues.Filters(context.Request));

        // The stream ends when the client leaves or the daemon stops, so shutdown is never held up.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        StreamingResponse.DisableBuffering(context);
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(stop.Token);
        await context.Response.Body.FlushAsync(stop.Token);

        var body = context.Response.Body;
        try
        {
            await foreach (var engineEvent in events.SubscribeAsync(since, until, stop.Token))
            {
                if (!filter.Matches(engineEvent))
                {
                    continue;
                }

                await JsonSerializer.SerializeAsync(body, ToMessage(engineEvent), BerthJsonContext.Default.EventMessage, stop.Token);
                await body.WriteAsync(NewLine, stop.Token);
                await body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Client gone or daemon stopping: the stream simply ends.
        }
    }

    internal static EventMessage ToMessage(EngineEvent e)
    {
        var unixNanos = (e.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        return new EventMessage
        {
            Status = e.Type is "container" or "image" ? e.Action : null,
            Id = e.Type is "container" or "image" ? e.ActorId : null,
            From = e.Type == "container" && e.Attributes.TryGetValue("image", out var image) ? image : null,
            Type = e.Type,
            Action = e.Action,
            Actor = new EventActor { ID = e.ActorId, Attributes = e.Attributes },
            Time = e.Time.ToUnixTimeSeconds(),
            TimeNano = unixNanos,
        };
    }
}
