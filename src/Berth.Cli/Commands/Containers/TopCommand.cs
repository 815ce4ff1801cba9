using System.Text;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth top CONTAINER [ps OPTIONS].</summary>
internal sealed class TopCommand : ICommand
{
    public CommandSpec Spec { get; } = new("CONTAINER [ps OPTIONS]", "Display the running processes of a container", [])
    {
        MinArgs = 1,
        Interspersed = false,
        Aliases = "berth container top, berth top",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddIfNotEmpty("ps_args", string.Join(" ", args.Positionals.Skip(1)));
        var top = await context.Client.GetJsonAsync(ContainerBatch.Path(args.Positionals[0], "top"), query, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        text.Append(string.Join("\t", (top?["Titles"] as JsonArray ?? []).Select(t => (string?)t))).Append('\n');
        foreach (var process in top?["Processes"] as JsonArray ?? [])
        {
            text.Append(string.Join("\t", (process as JsonArray ?? []).Select(p => (string?)p))).Append('\n');
        }

        context.Out.Write(TabWriter.Format(text.ToString(), 20, 3));
        return 0;
    }
}
