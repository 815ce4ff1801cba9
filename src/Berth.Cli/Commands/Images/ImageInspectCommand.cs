using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth image inspect: raw daemon JSON per image, "Error: No such image: x" for misses.</summary>
internal sealed class ImageInspectCommand : ICommand
{
    public CommandSpec Spec { get; } = new("[OPTIONS] IMAGE [IMAGE...]", "Display detailed information on one or more images", [FormatFlag.Inspect])
    {
        MinArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var found = new List<byte[]>();
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            var raw = await TryGetAsync(context.Client, name, cancellationToken).ConfigureAwait(false);
            if (raw is null)
            {
                errors.Add($"Error: No such image: {name}");
            }
            else
            {
                found.Add(raw);
            }
        }

        InspectPrinter.Write(context.Out, args.String("format"), found);
        if (errors.Count > 0)
        {
            throw new StatusException(string.Join("\n", errors));
        }

        return 0;
    }

    /// <summary>The image's raw inspect JSON, or null when the daemon says 404.</summary>
    internal static async Task<byte[]?> TryGetAsync(EngineClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetBytesAsync($"/images/{Uri.EscapeDataString(name)}/json", null, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }
}
