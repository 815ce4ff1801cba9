using System.Text;
using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth diff: GET /containers/{id}/changes, one "C|A|D path" line per change.</summary>
internal sealed class DiffCommand : ICommand
{
    public CommandSpec Spec { get; } = new("CONTAINER", "Inspect changes to files or directories on a container's filesystem", [])
    {
        MinArgs = 1,
        MaxArgs = 1,
        Aliases = "berth container diff, berth diff",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var changes = await context.Client.GetJsonAsync(ContainerBatch.Path(args.Positionals[0], "changes"), null, cancellationToken).ConfigureAwait(false);
        var output = new StringBuilder();
        foreach (var change in (changes as JsonArray) ?? [])
        {
            var kind = change?["Kind"]?.GetValue<int>() switch
            {
                0 => "C",
                1 => "A",
                2 => "D",
                _ => "?",
            };
            output.Append(kind).Append(' ').Append(change?["Path"]?.GetValue<string>()).Append('\n');
        }

        context.Out.Write(output.ToString());
        return 0;
    }
}
