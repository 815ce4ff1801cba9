using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth stop and berth restart: POST /containers/{id}/stop|restart?signal=&amp;t=.</summary>
internal sealed class StopCommand : ICommand
{
    private readonly string _action;

    public StopCommand(string action)
    {
        _action = action;
        Spec = new(
            "[OPTIONS] CONTAINER [CONTAINER...]",
            action == "stop" ? "Stop one or more running containers" : "Restart one or more containers",
            [
                FlagSpec.String("signal", 's', "Signal to send to the container"),
                FlagSpec.String("time", 't', "Seconds to wait before killing the container (deprecated: use --timeout)", "int"),
                FlagSpec.String("timeout", null, "Seconds to wait before killing the container", "int"),
            ])
        {
            MinArgs = 1,
            Aliases = $"berth container {action}, berth {action}",
        };
    }

    public CommandSpec Spec { get; }

    public Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var timeout = args.String("timeout") ?? args.String("time");
        if (timeout is not null && !int.TryParse(timeout, out _))
        {
            throw new UsageException($"invalid argument \"{timeout}\" for \"-t, --timeout\" flag: strconv.ParseInt: parsing \"{timeout}\": invalid syntax", 125);
        }

        var query = new EngineQuery().AddIfNotEmpty("signal", args.String("signal")).AddIfNotEmpty("t", timeout);
        return ContainerBatch.RunAsync(context, args.Positionals, name =>
            context.Client.PostJsonAsync(ContainerBatch.Path(name, _action), query, null, cancellationToken));
    }
}
