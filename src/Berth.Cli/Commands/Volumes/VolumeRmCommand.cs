using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Volumes;

/// <summary>berth volume rm: each name on its own, printed when removed; errors are reported at the end with exit 1.</summary>
internal sealed class VolumeRmCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] VOLUME [VOLUME...]",
        "Remove one or more volumes",
        [FlagSpec.Bool("force", 'f', "Force the removal of one or more volumes")])
    {
        MinArgs = 1,
        Aliases = "berth volume rm, berth volume remove",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddFlag("force", args.Bool("force"));
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            try
            {
                await context.Client.DeleteJsonAsync($"/volumes/{Uri.EscapeDataString(name)}", query, cancellationToken).ConfigureAwait(false);
                context.Out.Write(name + "\n");
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
