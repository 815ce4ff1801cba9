using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth rmi / image rm: each name on its own; errors are reported at the end with exit 1.</summary>
internal sealed class RmiCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] IMAGE [IMAGE...]",
        "Remove one or more images",
        [
            FlagSpec.Bool("force", 'f', "Force removal of the image"),
            FlagSpec.Bool("no-prune", null, "Do not delete untagged parents"),
        ])
    {
        MinArgs = 1,
        Aliases = "berth image rm, berth image remove, berth rmi",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddFlag("force", args.Bool("force")).AddFlag("noprune", args.Bool("no-prune"));
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            try
            {
                var result = await context.Client.DeleteJsonAsync($"/images/{Uri.EscapeDataString(name)}", query, cancellationToken).ConfigureAwait(false);
                foreach (var item in result as JsonArray ?? [])
                {
                    if ((string?)item?["Untagged"] is { Length: > 0 } untagged)
                    {
                        context.Out.Write($"Untagged: {untagged}\n");
                    }

                    if ((string?)item?["Deleted"] is { Length: > 0 } deleted)
                    {
                        context.Out.Write($"Deleted: {deleted}\n");
                    }
                }
            }
            catch (EngineApiException ex)
            {
                errors.Add("Error response from daemon: " + ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new StatusException(string.Join("\n", errors));
        }

        return 0;
    }
}
