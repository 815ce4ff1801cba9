using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth attach: streams of a running container; exits with its code once it stops.</summary>
internal sealed class AttachCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER",
        "Attach local standard input, output, and error streams to a running container",
        [
            FlagSpec.String("detach-keys", null, "Override the key sequence for detaching a container"),
            FlagSpec.Bool("no-stdin", null, "Do not attach STDIN"),
            FlagSpec.Bool("sig-proxy", null, "Proxy all received signals to the process (default true)"),
        ])
    {
        MinArgs = 1,
        MaxArgs = 1,
        Aliases = "berth container attach, berth attach",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var inspect = await context.Client.GetJsonAsync(ContainerBatch.Path(args.Positionals[0], "json"), null, cancellationToken).ConfigureAwait(false);
        var state = inspect?["State"];
        if (state?["Running"]?.GetValue<bool>() != true)
        {
            throw new StatusException("You cannot attach to a stopped container, start it first");
        }

        if (state["Paused"]?.GetValue<bool>() == true)
        {
            throw new StatusException("You cannot attach to a paused container, unpause it first");
        }

        var id = (string?)inspect?["Id"] ?? args.Positionals[0];
        var tty = inspect?["Config"]?["Tty"]?.GetValue<bool>() == true;
        var stdin = !args.Bool("no-stdin") && inspect?["Config"]?["OpenStdin"]?.GetValue<bool>() == true;
        if (tty && stdin && !context.StdinIsTerminal)
        {
            throw new StatusException("the input device is not a TTY");
        }

        var options = new AttachOptions(tty, stdin, true, true, args.String("detach-keys"), !args.IsSet("sig-proxy") || args.Bool("sig-proxy"));
        using var session = new AttachSession(context, options);
        using var connection = await AttachSession.OpenAttachAsync(context.Client, id, options, cancellationToken).ConfigureAwait(false);
        await session.MonitorSizeAsync((h, w) => RunCommand.ResizeAsync(context.Client, ContainerBatch.Path(id, "resize"), h, w)).ConfigureAwait(false);
        session.ProxySignals(signal => context.Client.PostJsonAsync(ContainerBatch.Path(id, "kill"), new EngineQuery().Add("signal", signal), null, CancellationToken.None));
        if (await session.PumpAsync(connection).ConfigureAwait(false))
        {
            return 0;
        }

        var result = await context.Client.PostJsonAsync(ContainerBatch.Path(id, "wait"), null, null, CancellationToken.None).ConfigureAwait(false);
        return (int)((long?)result?["StatusCode"] ?? 0);
    }
}
