using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Networks;

/// <summary>berth network inspect: raw daemon JSON per network; misses are the daemon's error, as docker 28 prints them.</summary>
internal sealed class NetworkInspectCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] NETWORK [NETWORK...]",
        "Display detailed information on one or more networks",
        [
            FormatFlag.Inspect,
            FlagSpec.Bool("verbose", 'v', "Verbose output for diagnostics"),
        ])
    {
        MinArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddFlag("verbose", args.Bool("verbose"));
        var found = new List<byte[]>();
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            try
            {
                found.Add(await context.Client.GetBytesAsync($"/networks/{Uri.EscapeDataString(name)}", query, cancellationToken).ConfigureAwait(false));
            }
            catch (EngineApiException ex) when (ex.StatusCode == 404)
            {
                errors.Add($"Error response from daemon: {ex.Message}");
            }
        }

        InspectPrinter.Write(context.Out, args.String("format"), found);
        if (errors.Count > 0)
        {
            throw new StatusException(string.Join("\n", errors));
        }

        return 0;
    }
}
