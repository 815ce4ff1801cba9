using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth stats: one sample per container (--no-stream); the streaming view redraws every sample.</summary>
internal sealed class StatsCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] [CONTAINER...]",
        "Display a live stream of container(s) resource usage statistics",
        [
            FlagSpec.Bool("all", 'a', "Show all containers (default shows just running)"),
            FormatFlag.Table,
            FlagSpec.Bool("no-stream", null, "Disable streaming stats and only pull the first result"),
            FlagSpec.Bool("no-trunc", null, "Do not truncate output"),
        ])
    {
        Aliases = "berth container stats, berth stats",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var names = args.Positionals.ToList();
        if (names.Count == 0)
        {
            var list = await context.Client.GetJsonAsync("/containers/json", new EngineQuery().AddFlag("all", args.Bool("all")), cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
            names = list.Select(c => (string?)c?["Id"] ?? string.Empty).ToList();
        }

        var format = args.String("format") is { Length: > 0 } f && f != "table" ? f : StatsRow.DefaultTable;
        try
        {
            do
            {
                var rows = new List<JsonObject>();
                var errors = new List<string>();
                foreach (var name in names)
                {
                    try
                    {
                        var stats = await context.Client.GetJsonAsync(ContainerBatch.Path(name, "stats"), new EngineQuery().Add("stream", "0"), cancellationToken).ConfigureAwait(false);
                        rows.Add(StatsRow.Build(name, stats ?? new JsonObject(), !args.Bool("no-trunc")));
                    }
                    catch (EngineApiException ex)
                    {
                        errors.Add("Error response from daemon: " + ex.Message);
                    }
                }

                if (errors.Count > 0 && rows.Count == 0 && names.Count > 0)
                {
                    throw new StatusException(string.Join("\n", errors));
                }

                if (!args.Bool("no-stream") && context.StdoutIsTerminal)
                {
                    // Clear the screen and home the cursor, as docker's live view does.
                    context.Out.Write("\u001b[2J\u001b[H");
                }

                FormattedOutput.Write(context.Out, format, rows, StatsRow.Header);
                context.Out.Flush();
            }
            while (!args.Bool("no-stream") && !cancellationToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        return 0;
    }
}
