using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth kill, pause and unpause: one POST per container.</summary>
internal sealed class SimpleActionCommand : ICommand
{
    private readonly string _action;

    public SimpleActionCommand(string action, string description, IReadOnlyList<FlagSpec> flags)
    {
        _action = action;
        Spec = new("[OPTIONS] CONTAINER [CONTAINER...]", description, flags)
        {
            MinArgs = 1,
            Aliases = $"berth container {action}, berth {action}",
        };
    }

    public CommandSpec Spec { get; }

    public static SimpleActionCommand Kill() => new("kill", "Kill one or more running containers", [FlagSpec.String("signal", 's', "Signal to send to the container")]);

    public static SimpleActionCommand Pause() => new("pause", "Pause all processes within one or more containers", []);

    public static SimpleActionCommand Unpause() => new("unpause", "Unpause all processes within one or more containers", []);

    public Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddIfNotEmpty("signal", args.String("signal"));
        return ContainerBatch.RunAsync(context, args.Positionals, name =>
            context.Client.PostJsonAsync(ContainerBatch.Path(name, _action), query, null, cancellationToken));
    }
}
