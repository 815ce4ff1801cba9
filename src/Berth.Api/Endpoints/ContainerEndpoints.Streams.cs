using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Api.Containers;
using Berth.Api.Models.Containers;
using Berth.Api.Streaming;
using Berth.Api.Versioning;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Endpoints;

/// <summary>Container endpoints that stream: wait, logs, attach (hijacked), and TTY resize.</summary>
internal static partial class ContainerEndpoints
{
    private static readonly ApiVersion MultiplexedLogsContentType = new(1, 42);

    /// <summary>Headers go out at once and the body when the condition is met, as dockerd does:
    /// `docker run` starts the container only after its wait is in place.</summary>
    private static async Task WaitAsync(HttpContext context, string name)
    {
        var containers = context.RequestServices.GetRequiredService<IContainerService>();
        var condition = QueryValues.String(context.Request, "condition") switch
        {
            null or "not-running" => WaitCondition.NotRunning,
            "next-exit" => WaitCondition.NextExit,
            "removed" => WaitCondition.Removed,
            var other => throw EngineException.InvalidArgument($"invalid condition: \"{other}\""),
        };

        var info = await containers.GetAsync(name, context.RequestAborted);
        var wait = containers.WaitAsync(info.Id, condition, context.RequestAborted);
        if (!wait.IsCompleted)
        {
            StreamingResponse.DisableBuffering(context);
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        ContainerWaitResponse body;
        try
        {
            body = new ContainerWaitResponse { StatusCode = await wait };
        }
        catch (EngineException ex) when (context.Response.HasStarted)
        {
            body = new ContainerWaitResponse { StatusCode = -1, Error = new WaitExitError { Message = ex.Message } };
        }

        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "application/json";
        }

        await JsonSerializer.SerializeAsync(context.Response.Body, body, ContainerJsonContext.Default.ContainerWaitResponse, context.RequestAborted);
        await context.Response.Body.WriteAsync(NewLine, context.RequestAborted);
    }

    private static async Task LogsAsync(HttpContext context, string name)
    {
        var containers = context.RequestServices.GetRequiredService<IContainerService>();
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        var request = context.Request;
        var options = new LogsOptions
        {
            Follow = QueryValues.Bool(request, "follow"),
            Stdout = QueryValues.Bool(request, "stdout"),
            Stderr = QueryValues.Bool(request, "stderr"),
            Since = QueryValues.Timestamp(request, "since") is { } since && since > DateTimeOffset.UnixEpoch ? since : null,
            Until = QueryValues.Timestamp(request, "until") is { } until && until > DateTimeOffset.UnixEpoch ? until : null,
            Timestamps = QueryValues.Bool(request, "timestamps"),
            Tail = int.TryParse(QueryValues.String(request, "tail"), NumberStyles.None, CultureInfo.InvariantCulture, out var tail) ? tail : null,
        };
        if (!options.Stdout && !options.Stderr)
        {
            throw EngineException.InvalidArgument("You must choose at least one stream");
        }

        var info = await containers.GetAsync(name, context.RequestAborted);
        var tty = info.Config.Tty;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var entries = containers.LogsAsync(info.Id, options, stop.Token);

        StreamingResponse.DisableBuffering(context);
        context.Response.ContentType = !tty && ApiVersionMiddleware.Get(context) >= MultiplexedLogsContentType
            ? StdioWriter.MultiplexedStream
            : StdioWriter.RawStream;
        await context.Response.StartAsync(stop.Token);
        await context.Response.Body.FlushAsync(stop.Token);
        try
        {
            await WriteLogsAsync(entries, new StdioWriter(context.Response.Body, multiplexed: !tty), options.Timestamps, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Client gone or daemon stopping.
        }
    }

    private static async Task WriteLogsAsync(IAsyncEnumerable<LogEntry> entries, StdioWriter writer, bool timestamps, CancellationToken cancellationToken)
    {
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var prefix = timestamps ? Encoding.ASCII.GetBytes(DockerTime.Fixed(entry.Timestamp) + " ") : [];
            await writer.WriteAsync(entry.Stream, prefix, entry.Data, cancellationToken);
        }
    }

    private static async Task AttachAsync(HttpContext context, string name)
    {
        var containers = context.RequestServices.GetRequiredService<IContainerService>();
        var request = context.Request;
        var options = new AttachOptions(
            QueryValues.Bool(request, "stdin"),
            QueryValues.Bool(request, "stdout"),
            QueryValues.Bool(request, "stderr"),
            QueryValues.Bool(request, "logs"));
        var stream = QueryValues.Bool(request, "stream");

        var info = await containers.GetAsync(name, context.RequestAborted);
        // A created or stopped container is streamed from its next start (`docker run`, `docker start -a`):
        // the engine connects before the process runs. Logs are replayed by the session, without a gap.
        // Refusals (paused, ...) still get their status code: nothing has been sent yet.
        var session = stream || options.Logs
            ? await containers.AttachAsync(info.Id, options with { Stream = stream }, context.RequestAborted)
            : null;
        await using (session)
        {
            await using var connection = await HijackedConnection.AcceptAsync(context, info.Config.Tty, context.RequestAborted);
            try
            {
                if (session is not null)
                {
                    await StdioBridge.RunAsync(session, connection, options.Stdin && stream, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is EngineException or IOException)
            {
                // The connection is no longer HTTP: there is no status code left to give.
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Api.Containers");
                ApiLog.StreamFailed(logger, context.Request.Path, ex.Message);
            }
        }
    }

    private static async Task<IResult> ResizeAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        var (height, width) = ConsoleSize(context.Request);
        await containers.ResizeAsync(name, height, width, context.RequestAborted);
        return Results.Ok();
    }

    internal static (int Height, int Width) ConsoleSize(HttpRequest request)
    {
        static int Read(HttpRequest request, string key) =>
            int.TryParse(QueryValues.String(request, key) ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw EngineException.InvalidArgument($"invalid value for {key}: \"{request.Query[key]}\"");

        return (Read(request, "h"), Read(request, "w"));
    }
}
