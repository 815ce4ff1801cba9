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
        PruneOutput.WriteDeleted(context.Out, "Deleted Containers", report?["ContainersDeleted"]);

        context.Out.Write($"Total reclaimed space: {HumanUnits.HumanSize(Images.ImageRows.Long(report?["SpaceReclaimed"]) ?? 0)}\n");
        return 0;
    }
}
