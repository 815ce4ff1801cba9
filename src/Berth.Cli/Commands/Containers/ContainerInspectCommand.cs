using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth container inspect: raw daemon JSON per container.</summary>
internal sealed class ContainerInspectCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER [CONTAINER...]",
        "Display detailed information on one or more containers",
        [FormatFlag.Inspect, FlagSpec.Bool("size", 's', "Display total file sizes")])
    {
        MinArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var found = new List<byte[]>();
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            var raw = await TryGetAsync(context.Client, name, args.Bool("size"), cancellationToken).ConfigureAwait(false);
            if (raw is null)
            {
                errors.Add($"Error: No such container: {name}");
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

    /// <summary>The container's raw inspect JSON, or null when the daemon says 404.</summary>
    internal static async Task<byte[]?> TryGetAsync(EngineClient client, string name, bool size, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetBytesAsync(ContainerBatch.Path(name, "json"), new EngineQuery().AddFlag("size", size), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }
}
