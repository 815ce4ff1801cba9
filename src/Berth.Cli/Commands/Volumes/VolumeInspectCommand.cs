using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Volumes;

/// <summary>berth volume inspect: the daemon's volume JSON per name; misses are reported at the end with exit 1.</summary>
internal sealed class VolumeInspectCommand : ICommand
{
    public CommandSpec Spec { get; } = new("[OPTIONS] VOLUME [VOLUME...]", "Display detailed information on one or more volumes", [FormatFlag.Inspect])
    {
        MinArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var found = new List<byte[]>();
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            try
            {
                found.Add(await context.Client.GetBytesAsync($"/volumes/{Uri.EscapeDataString(name)}", null, cancellationToken).ConfigureAwait(false));
            }
            catch (EngineApiException ex)
            {
                errors.Add("Error response from daemon: " + ex.Message);
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
