using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth container prune: confirms unless -f, then POST /containers/prune.</summary>
internal sealed class ContainerPruneCommand : ICommand
{
    private const string Warning = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Remove all stopped containers",
        [
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")", "filter"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
        ])
    {
        MaxArgs = 0,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var filters = FilterOptions.Parse(args.List("filter"), "--filter");
        if (!args.Bool("force") && !await PromptConfirmation.ConfirmAsync(context, Warning, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var report = await context.Client.PostJsonAsync("/containers/prune", new EngineQuery().AddFilters(filters), null, cancellationToken).ConfigureAwait(false);
        var deleted = report?["ContainersDeleted"] as JsonArray ?? [];
        if (deleted.Count > 0)
        {
            context.Out.Write("Deleted Containers:\n");
            foreach (var id in deleted)
            {
                context.Out.Write((string?)id + "\n");
            }

            context.Out.Write('\n');
        }

        context.Out.Write($"Total reclaimed space: {HumanUnits.HumanSize(Images.ImageRows.Long(report?["SpaceReclaimed"]) ?? 0)}\n");
        return 0;
    }
}
