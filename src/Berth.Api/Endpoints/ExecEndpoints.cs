using System.Text;
using Berth.Api.Containers;
using Berth.Api.Models.Containers;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Endpoints;

/// <summary>POST /containers/{id}/exec and /exec/*: create, start (hijacked unless detached), inspect, resize.</summary>
internal static class ExecEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/containers/{name}/exec", CreateAsync);
        app.MapPost("/exec/{id}/start", StartAsync);
        app.MapGet("/exec/{id}/json", InspectAsync);
        app.MapPost("/exec/{id}/resize", ResizeAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string name, [FromServices] IContainerService containers)
    {
        var config = await JsonBody.ReadAsync(context, ContainerJsonContext.Default.ExecConfig)
            ?? throw EngineException.InvalidArgument("No exec command specified");
        var id = await containers.ExecCreateAsync(name, ContainerSpecMapper.ToExecSpec(config), context.RequestAborted);
        return Results.Json(new IdResponse { Id = id }, ContainerJsonContext.Default.IdResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task StartAsync(HttpContext context, string id)
    {
        var containers = context.RequestServices.GetRequiredService<IContainerService>();
        var config = await JsonBody.ReadAsync(context, ContainerJsonContext.Default.ExecStartConfig) ?? new ExecStartConfig();
        var exec = await containers.ExecInspectAsync(id, context.RequestAborted);
        if (config.Detach)
        {
            await containers.ExecStartAsync(id, detach: true, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        // The connection is taken over before the process starts, as dockerd does. Output written
        // right behind the 101 can land in the client's buffered header reader and be lost when it
        // switches to the raw socket (docker-py's exec_run got b"" for a quick `echo`).
        await using var connection = await HijackedConnection.AcceptAsync(context, exec.Spec.Tty, context.RequestAborted);
        IStdioSession? session;
        try
        {
            session = await containers.ExecStartAsync(id, detach: false, context.RequestAborted);
        }
        catch (EngineException ex)
        {
            // The failure goes into the stream; the CLI then reads the exit code (126/127) from exec
            // inspect. An HTTP error instead breaks clients that expect the upgrade ("unable to upgrade to tcp").
            await WriteStartFailureAsync(connection, exec.Spec.Tty, ex.Message, context.RequestAborted);
            return;
        }

        if (session is null)
        {
            return;
        }

        await using (session)
        {
            if (config.ConsoleSize is [var height, var width] && session.Tty && height > 0 && width > 0)
            {
                await session.ResizeAsync((int)height, (int)width, context.RequestAborted);
            }

            try
            {
                await StdioBridge.RunAsync(session, connection, exec.Spec.AttachStdin, context.RequestAborted);
            }
            catch (Exception ex) when (ex is EngineException or IOException)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Api.Containers");
                ApiLog.StreamFailed(logger, context.Request.Path, ex.Message);
            }
        }
    }

    /// <summary>The error as the stream's only output, followed by "\r\n" as dockerd writes it. dockerd
    /// uses the stdout stream; here it is stderr (the multiplexed case), so `docker exec` shows it on
    /// stderr where scripts and users look for errors.</summary>
    private static async Task WriteStartFailureAsync(HijackedConnection connection, bool tty, string message, CancellationToken cancellationToken)
    {
        var writer = new StdioWriter(connection.Output, multiplexed: !tty);
        try
        {
            await writer.WriteAsync(LogStream.Stderr, Encoding.UTF8.GetBytes(message + "\r\n"), cancellationToken);
        }
        catch (IOException)
        {
            // The client went away; nothing else to tell it.
        }
    }

    private static async Task<IResult> InspectAsync(HttpContext context, string id, [FromServices] IContainerService containers)
    {
        var exec = await containers.ExecInspectAsync(id, context.RequestAborted);
        var body = new ExecInspectResponse
        {
            ID = exec.Id,
            ContainerID = exec.ContainerId,
            Running = exec.Running,
            ExitCode = exec.ExitCode,
            Pid = exec.Pid,
            OpenStdin = exec.Spec.AttachStdin,
            OpenStdout = exec.Spec.AttachStdout,
            OpenStderr = exec.Spec.AttachStderr,
            ProcessConfig = new ExecProcessConfig
            {
                Privileged = exec.Spec.Privileged,
                User = exec.Spec.User ?? "",
                Tty = exec.Spec.Tty,
                Entrypoint = exec.Spec.Cmd.Count > 0 ? exec.Spec.Cmd[0] : "",
                Arguments = exec.Spec.Cmd.Skip(1).ToArray(),
            },
        };
        return Results.Json(body, ContainerJsonContext.Default.ExecInspectResponse);
    }

    private static async Task<IResult> ResizeAsync(HttpContext context, string id, [FromServices] IContainerService containers)
    {
        var (height, width) = ContainerEndpoints.ConsoleSize(context.Request);
        await containers.ExecResizeAsync(id, height, width, context.RequestAborted);
        return Results.Ok();
    }
}
