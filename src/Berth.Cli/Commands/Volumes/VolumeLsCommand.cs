using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Volumes;

/// <summary>berth volume ls: GET /volumes, sorted by name in natural order.</summary>
internal sealed class VolumeLsCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "List volumes",
        [
            FlagSpec.Bool("cluster", null, "Display only cluster volumes, and use cluster volume list formatting"),
            FlagSpec.List("filter", 'f', "Provide filter values (e.g. \"dangling=true\")", "filter"),
            FormatFlag.Table,
            FlagSpec.Bool("quiet", 'q', "Only display volume names"),
        ])
    {
        MaxArgs = 0,
        Aliases = "berth volume ls, berth volume list",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var filters = FilterOptions.Parse(args.List("filter"), "-f, --filter");
        var quiet = args.Bool("quiet");
        var format = args.String("format");
        var response = await context.Client.GetJsonAsync("/volumes", new EngineQuery().AddFilters(filters), cancellationToken).ConfigureAwait(false);
        var volumes = (response?["Volumes"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (args.Bool("cluster"))
        {
            // Berth has no cluster volumes: the filter leaves none, as docker does on a non-swarm engine.
            volumes.RemoveAll(v => v["ClusterVolume"] is null);
            format = quiet ? "table" : VolumeRows.ClusterTable;
        }

        volumes.Sort((a, b) => VolumeRows.NaturalCompare((string?)a["Name"] ?? string.Empty, (string?)b["Name"] ?? string.Empty));
        FormattedOutput.Write(context.Out, VolumeRows.Format(format, quiet), volumes.Select(VolumeRows.Row), VolumeRows.Header);
        return 0;
    }
}
