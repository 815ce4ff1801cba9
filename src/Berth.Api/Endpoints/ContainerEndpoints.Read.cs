using System.Globalization;
using System.Text.Json;
using Berth.Api.Containers;
using Berth.Api.Models.Containers;
using Berth.Api.Services;
using Berth.Api.Streaming;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Berth.Api.Endpoints;

/// <summary>Container endpoints that read: ps, inspect, top, stats.</summary>
internal static partial class ContainerEndpoints
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private static async Task<IResult> ListAsync(HttpContext context, [FromServices] IContainerService containers)
    {
        var request = context.Request;
        var options = new ContainerListOptions
        {
            All = QueryValues.Bool(request, "all"),
            Limit = Limit(request),
            Size = QueryValues.Bool(request, "size"),
            Filters = QueryValues.Filters(request),
        };
        var list = await containers.ListAsync(options, context.RequestAborted);
        var now = DateTimeOffset.UtcNow;
        IReadOnlyList<ContainerSummary> body = list.Select(c => ContainerProjection.Summary(c, now)).ToArray();
        return Results.Json(body, ContainerJsonContext.Default.IReadOnlyListContainerSummary);
    }

    private static async Task<IResult> InspectAsync(HttpContext context, string name, [FromServices] IContainerService containers, [FromServices] HostFacts host)
    {
        var info = await containers.GetAsync(name, context.RequestAborted);
        if (QueryValues.Bool(context.Request, "size"))
        {
            // Sizes are computed by the list query only; ask it for just this container.
            var sized = await containers.ListAsync(
                new ContainerListOptions { All = true, Size = true, Filters = new Dictionary<string, IReadOnlyList<string>> { ["id"] = [info.Id] } },
                context.RequestAborted);
            info = sized.FirstOrDefault(c => c.Id == info.Id) ?? info;
        }

        var body = ContainerProjection.Inspect(info, host.CgroupVersion == "2");
        return Results.Json(body, ContainerJsonContext.Default.ContainerInspectResponse);
    }

    private static async Task<IResult> TopAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        var top = await containers.TopAsync(name, QueryValues.String(context.Request, "ps_args"), context.RequestAborted);
        var body = new ContainerTopResponse { Titles = top.Titles, Processes = top.Processes };
        return Results.Json(body, ContainerJsonContext.Default.ContainerTopResponse);
    }

    /// <summary>
    /// One sample (stream=false) or one per second. As in dockerd, a single non-one-shot sample takes
    /// two readings a second apart so precpu_stats gives clients a CPU percentage.
    /// </summary>
    private static async Task StatsAsync(HttpContext context, string name)
    {
        var containers = context.RequestServices.GetRequiredService<IContainerService>();
        var host = context.RequestServices.GetRequiredService<HostFacts>();
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        var stream = context.Request.Query.ContainsKey("stream") ? QueryValues.Bool(context.Request, "stream") : true;
        var oneShot = QueryValues.Bool(context.Request, "one-shot");
        if (oneShot && stream)
        {
            throw EngineException.InvalidArgument("cannot have stream=true and one-shot=true");
        }

        var info = await containers.GetAsync(name, context.RequestAborted);
        var projection = new StatsProjection(info, host.MemTotal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var previous = stream || oneShot ? null : await containers.StatsAsync(info.Id, stop.Token);
        if (previous is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
        }

        var sample = await containers.StatsAsync(info.Id, stop.Token);
        StreamingResponse.DisableBuffering(context);
        context.Response.ContentType = "application/json";
        var body = context.Response.Body;
        try
        {
            while (true)
            {
                await JsonSerializer.SerializeAsync(body, projection.Project(sample, previous), ContainerJsonContext.Default.ContainerStatsResponse, stop.Token);
                await body.WriteAsync(NewLine, stop.Token);
                await body.FlushAsync(stop.Token);
                if (!stream)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                previous = sample;
                sample = await containers.StatsAsync(info.Id, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Client gone or daemon stopping.
        }
        catch (EngineException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            // The container was removed while streaming: the stream ends, as in dockerd.
        }
    }

    private static int? Limit(HttpRequest request)
    {
        var text = QueryValues.String(request, "limit");
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
        {
            throw EngineException.InvalidArgument($"invalid value for limit: \"{text}\"");
        }

        return limit > 0 ? limit : null;
    }
}
