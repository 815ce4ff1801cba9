using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Build;

/// <summary>berth builder prune: confirms unless -f, then POST /build/prune.</summary>
internal sealed class BuilderPruneCommand : ICommand
{
    private const string DanglingWarning = "WARNING! This will remove all dangling build cache.\nAre you sure you want to continue? [y/N] ";
    private const string AllWarning = "WARNING! This will remove all build cache.\nAre you sure you want to continue? [y/N] ";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Remove build cache",
        [
            FlagSpec.Bool("all", 'a', "Remove all unused build cache, not just dangling ones"),
            FlagSpec.List("filter", null, "Provide filter values (e.g. \"until=24h\")", "filter"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
        ])
    {
        MaxArgs = 0,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var all = args.Bool("all");
        if (!args.Bool("force") && !await PromptConfirmation.ConfirmAsync(context, all ? AllWarning : DanglingWarning, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var report = await context.Client.PostJsonAsync("/build/prune", new EngineQuery().AddFlag("all", all), null, cancellationToken).ConfigureAwait(false);
        PruneOutput.WriteDeleted(context.Out, "Deleted build cache objects", report?["CachesDeleted"]);

        var reclaimed = report?["SpaceReclaimed"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
        context.Out.Write($"Total reclaimed space: {HumanUnits.HumanSize(reclaimed)}\n");
        return 0;
    }
}
