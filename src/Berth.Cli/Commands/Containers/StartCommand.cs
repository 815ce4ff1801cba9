using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;
using Berth.Client;
using Berth.Client.Containers;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth start: start each container, or with -a/-i attach to one and exit with its code.</summary>
internal sealed class StartCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Start one or more stopped containers",
        [
            FlagSpec.Bool("attach", 'a', "Attach STDOUT/STDERR and forward signals"),
            FlagSpec.String("detach-keys", null, "Override the key sequence for detaching a container"),
            FlagSpec.Bool("interactive", 'i', "Attach container's STDIN"),
        ])
    {
        MinArgs = 1,
        Aliases = "berth container start, berth start",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        if (!args.Bool("attach") && !args.Bool("interactive"))
        {
            return await ContainerBatch.RunAsync(
                context,
                args.Positionals,
                name => context.Client.PostJsonAsync(ContainerBatch.Path(name, "start"), null, null, cancellationToken),
                failed => "Error: failed to start containers: " + string.Join(", ", failed)).ConfigureAwait(false);
        }

        if (args.Positionals.Count > 1)
        {
            throw new StatusException("you cannot start and attach multiple containers at once");
        }

        var inspect = await context.Client.GetJsonAsync(ContainerBatch.Path(args.Positionals[0], "json"), null, cancellationToken).ConfigureAwait(false);
        var id = (string?)inspect?["Id"] ?? args.Positionals[0];
        var tty = inspect?["Config"]?["Tty"]?.GetValue<bool>() == true;
        var openStdin = inspect?["Config"]?["OpenStdin"]?.GetValue<bool>() == true;
        var autoRemove = inspect?["HostConfig"]?["AutoRemove"] is JsonValue v && v.GetValue<bool>();
        var options = new AttachOptions(tty, args.Bool("interactive") && openStdin, true, true, args.String("detach-keys"), true);
        using var session = new AttachSession(context, options);
        using var connection = await AttachSession.OpenAttachAsync(context.Client, id, options, cancellationToken).ConfigureAwait(false);
        using var wait = await ContainerWait.RegisterAsync(context.Client, id, autoRemove ? "removed" : "next-exit", cancellationToken).ConfigureAwait(false);
        try
        {
            await context.Client.PostJsonAsync(ContainerBatch.Path(id, "start"), null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex)
        {
            throw new StatusException("Error response from daemon: " + ex.Message, RunErrors.ExitCodeFor(ex.Message) is var code && code == 125 ? 1 : code);
        }

        await session.MonitorSizeAsync((h, w) => RunCommand.ResizeAsync(context.Client, ContainerBatch.Path(id, "resize"), h, w)).ConfigureAwait(false);
        session.ProxySignals(signal => context.Client.PostJsonAsync(ContainerBatch.Path(id, "kill"), new EngineQuery().Add("signal", signal), null, CancellationToken.None));
        if (await session.PumpAsync(connection).ConfigureAwait(false))
        {
            return 0;
        }

        return (int)await wait.ResultAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
