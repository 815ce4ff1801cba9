using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth rm / container rm: DELETE /containers/{id}?force=1&amp;v=1.</summary>
internal sealed class RmCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Remove one or more containers",
        [
            FlagSpec.Bool("force", 'f', "Force the removal of a running container (uses SIGKILL)"),
            FlagSpec.Bool("link", 'l', "Remove the specified link"),
            FlagSpec.Bool("volumes", 'v', "Remove anonymous volumes associated with the container"),
        ])
    {
        MinArgs = 1,
        Aliases = "berth container rm, berth container remove, berth rm",
    };

    public Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddFlag("force", args.Bool("force")).AddFlag("link", args.Bool("link")).AddFlag("v", args.Bool("volumes"));
        var names = args.Positionals.Select(n => n.Trim('/')).ToList();
        if (names.Any(n => n.Length == 0))
        {
            throw new StatusException("Container name cannot be empty");
        }

        return ContainerBatch.RunAsync(context, names, name =>
            context.Client.DeleteJsonAsync(ContainerBatch.Path(name), query, cancellationToken));
    }
}
