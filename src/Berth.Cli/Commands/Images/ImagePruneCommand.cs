using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth image prune: confirms unless -f, then POST /images/prune.</summary>
internal sealed class ImagePruneCommand : ICommand
{
    private const string DanglingWarning = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";
    private const string AllWarning = "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Remove unused images",
        [
            FlagSpec.Bool("all", 'a', "Remove all unused images, not just dangling ones"),
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")", "filter"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
        ])
    {
        MaxArgs = 0,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var all = args.Bool("all");
        var filters = FilterOptions.Parse(args.List("filter"), "--filter");
        filters.Add("dangling", all ? "false" : "true");
        if (!args.Bool("force") && !await PromptConfirmation.ConfirmAsync(context, all ? AllWarning : DanglingWarning, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var report = await context.Client.PostJsonAsync("/images/prune", new EngineQuery().AddFilters(filters), null, cancellationToken).ConfigureAwait(false);
        var deleted = report?["ImagesDeleted"] as JsonArray ?? [];
        if (deleted.Count > 0)
        {
            context.Out.Write("Deleted Images:\n");
            foreach (var item in deleted)
            {
                if ((string?)item?["Untagged"] is { Length: > 0 } untagged)
                {
                    context.Out.Write($"untagged: {untagged}\n");
                }

                if ((string?)item?["Deleted"] is { Length: > 0 } id)
                {
                    context.Out.Write($"deleted: {id}\n");
                }
            }

            context.Out.Write('\n');
        }

        var reclaimed = ImageRows.Long(report?["SpaceReclaimed"]) ?? 0;
        context.Out.Write($"Total reclaimed space: {HumanUnits.HumanSize(reclaimed)}\n");
        return 0;
    }
}
