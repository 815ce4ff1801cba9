using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary>
/// `container prune` and `network prune`: --filter and -f only, a confirmation unless -f (a "no"
/// ends quietly with status 0, as in docker 28), then POST <c>/{resource}/prune</c> and the report.
/// </summary>
internal sealed class FilteredPruneCommand(string description, string warning, string resource, string deletedKey, string title, bool reportsSpace) : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        description,
        [
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")", "filter"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
        ])
    {
        MaxArgs = 0,
    };

    public static FilteredPruneCommand Containers() => new(
        "Remove all stopped containers",
        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ",
        "containers", "ContainersDeleted", "Deleted Containers", reportsSpace: true);

    public static FilteredPruneCommand Networks() => new(
        "Remove all unused networks",
        "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ",
        "networks", "NetworksDeleted", "Deleted Networks", reportsSpace: false);

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var filters = FilterOptions.Parse(args.List("filter"), "--filter");
        if (!args.Bool("force") && !await PromptConfirmation.ConfirmAsync(context, warning, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var report = await context.Client.PostJsonAsync($"/{resource}/prune", new EngineQuery().AddFilters(filters), null, cancellationToken).ConfigureAwait(false);
        PruneOutput.WriteDeleted(context.Out, title, report?[deletedKey]);
        if (reportsSpace)
        {
            context.Out.Write($"Total reclaimed space: {HumanUnits.HumanSize(Images.ImageRows.Long(report?["SpaceReclaimed"]) ?? 0)}\n");
        }

        return 0;
    }
}
