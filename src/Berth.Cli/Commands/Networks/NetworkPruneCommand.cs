using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Networks;

/// <summary>berth network prune: confirms unless -f (a "no" ends quietly with status 0, as in docker 28), then POST /networks/prune.</summary>
internal sealed class NetworkPruneCommand : ICommand
{
    private const string Warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Remove all unused networks",
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

        var report = await context.Client.PostJsonAsync("/networks/prune", new EngineQuery().AddFilters(filters), null, cancellationToken).ConfigureAwait(false);
        PruneOutput.WriteDeleted(context.Out, "Deleted Networks", report?["NetworksDeleted"]);

        return 0;
    }
}
