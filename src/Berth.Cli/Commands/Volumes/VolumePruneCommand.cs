using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Volumes;

/// <summary>berth volume prune: confirms unless -f, then POST /volumes/prune (all=true with -a).</summary>
internal sealed class VolumePruneCommand : ICommand
{
    private const string AnonymousWarning = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ";
    private const string AllWarning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Remove unused local volumes",
        [
            FlagSpec.Bool("all", 'a', "Remove all unused volumes, not just anonymous ones"),
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"label=<label>\")", "filter"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
        ])
    {
        MaxArgs = 0,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var all = args.Bool("all");
        var filters = FilterOptions.Parse(args.List("filter"), "--filter");
        if (all)
        {
            if (filters.Keys.Contains("all"))
            {
                throw new StatusException("conflicting options: cannot specify both --all and --filter all=1");
            }

            filters.Add("all", "true");
        }

        if (!args.Bool("force") && !await PromptConfirmation.ConfirmAsync(context, all ? AllWarning : AnonymousWarning, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var report = await context.Client.PostJsonAsync("/volumes/prune", new EngineQuery().AddFilters(filters), null, cancellationToken).ConfigureAwait(false);
        long reclaimed = 0;
        if (PruneOutput.WriteDeleted(context.Out, "Deleted Volumes", report?["VolumesDeleted"]))
        {
            reclaimed = Images.ImageRows.Long(report?["SpaceReclaimed"]) ?? 0;
        }

        context.Out.Write($"Total reclaimed space: {HumanUnits.HumanSize(reclaimed)}\n");
        return 0;
    }
}
