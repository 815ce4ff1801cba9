using Berth.Cli.Infrastructure;
using Berth.Cli.Terminal;
using Berth.Client;
using Berth.Client.Containers;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// berth run: create, then (unless -d) attach and register the wait before start, pump the
/// streams, and exit with the container's exit code.
/// </summary>
internal sealed class RunCommand : ICommand
{
    public CommandSpec Spec { get; } = new("[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image", ContainerFlags.Run)
    {
        MinArgs = 1,
        Interspersed = false,
        Aliases = "berth container run, berth run",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var detach = args.Bool("detach");
        if (detach && args.List("attach").Count > 0)
        {
            throw new StatusException("conflicting options: cannot specify both --attach and --detach");
        }

        ContainerRequest request;
        string id;
        try
        {
            var consoleSize = args.Bool("tty") && context.StdoutIsTerminal ? TerminalNative.GetWindowSize(TerminalStreams.StdoutFd) : null;
            request = ContainerRequestBuilder.Build(args, detach, Environment.GetEnvironmentVariable, consoleSize);
            if (request.Tty && request.AttachStdin && !context.StdinIsTerminal)
            {
                throw new StatusException("the input device is not a TTY");
            }

            if (args.String("detach-keys") is { } keys)
            {
                DetachKeys.Parse(keys);
            }

            id = await ContainerCreator.CreateAsync(context, request, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerOptionException ex)
        {
            throw RunErrors.WithHelp(context.CommandPath, ex.Message);
        }
        catch (FormatException ex)
        {
            throw RunErrors.WithHelp(context.CommandPath, ex.Message);
        }
        catch (EngineApiException ex)
        {
            throw RunErrors.WithHelp(context.CommandPath, "Error response from daemon: " + ex.Message);
        }

        if (detach)
        {
            await StartAsync(context, id, cancellationToken).ConfigureAwait(false);
            context.Out.Write(id + "\n");
            return 0;
        }

        var options = new AttachOptions(request.Tty, request.AttachStdin, request.AttachStdout, request.AttachStderr, args.String("detach-keys"), !args.IsSet("sig-proxy") || args.Bool("sig-proxy"));
        return await RunAttachedAsync(context, id, options, request.AutoRemove, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunAttachedAsync(CommandContext context, string id, AttachOptions options, bool autoRemove, CancellationToken cancellationToken)
    {
        var client = context.Client;
        using var session = new AttachSession(context, options);
        using var connection = options.Stdin || options.Stdout || options.Stderr
            ? await AttachSession.OpenAttachAsync(client, id, options, cancellationToken).ConfigureAwait(false)
            : null;
        using var wait = await ContainerWait.RegisterAsync(client, id, autoRemove ? "removed" : "next-exit", cancellationToken).ConfigureAwait(false);
        await StartAsync(context, id, cancellationToken).ConfigureAwait(false);

        var escaped = Uri.EscapeDataString(id);
        await session.MonitorSizeAsync((h, w) => ResizeAsync(client, $"/containers/{escaped}/resize", h, w)).ConfigureAwait(false);
        session.ProxySignals(signal => client.PostJsonAsync($"/containers/{escaped}/kill", new EngineQuery().Add("signal", signal), null, CancellationToken.None));
        if (connection is not null && await session.PumpAsync(connection).ConfigureAwait(false))
        {
            return 0;
        }

        try
        {
            return (int)await wait.ResultAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineApiException ex)
        {
            throw new StatusException("Error response from daemon: " + ex.Message, 125);
        }
    }

    private static async Task StartAsync(CommandContext context, string id, CancellationToken cancellationToken)
    {
        try
        {
            await context.Client.PostJsonAsync($"/containers/{Uri.EscapeDataString(id)}/start", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex)
        {
            throw RunErrors.FromDaemon(context.CommandPath, ex);
        }
    }

    internal static Task ResizeAsync(EngineClient client, string path, int rows, int columns) =>
        client.PostJsonAsync(path, new EngineQuery().Add("h", rows.ToString(global::System.Globalization.CultureInfo.InvariantCulture)).Add("w", columns.ToString(global::System.Globalization.CultureInfo.InvariantCulture)), null, CancellationToken.None);
}
