using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Networks;

/// <summary>
/// berth network rm: each network on its own; prints the names removed and each error, then docker's
/// bare status error ("exit status 1") if any failed. -f skips networks that do not exist.
/// </summary>
internal sealed class NetworkRmCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] NETWORK [NETWORK...]",
        "Remove one or more networks",
        [FlagSpec.Bool("force", 'f', "Do not error if the network does not exist")])
    {
        MinArgs = 1,
        Aliases = "berth network rm, berth network remove",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var name in args.Positionals)
        {
            try
            {
                await context.Client.DeleteJsonAsync($"/networks/{Uri.EscapeDataString(name)}", null, cancellationToken).ConfigureAwait(false);
                context.Out.Write(name + "\n");
            }
            catch (EngineApiException ex) when (ex.StatusCode == 404 && args.Bool("force"))
            {
            }
            catch (EngineApiException ex)
            {
                context.Err.Write($"Error response from daemon: {ex.Message}\n");
                failed = true;
            }
        }

        return failed ? throw new StatusException("exit status 1") : 0;
    }
}
