using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Networks;

/// <summary>berth network ls: GET /networks, sorted by name as docker does.</summary>
internal sealed class NetworkLsCommand : ICommand
{
    private const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "List networks",
        [
            FlagSpec.List("filter", 'f', "Provide filter values (e.g. \"driver=bridge\")", "filter"),
            FormatFlag.Table,
            FlagSpec.Bool("no-trunc", null, "Do not truncate the output"),
            FlagSpec.Bool("quiet", 'q', "Only display network IDs"),
        ])
    {
        MaxArgs = 0,
        Aliases = "berth network ls, berth network list",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var filters = FilterOptions.Parse(args.List("filter"), "-f, --filter");
        var source = args.String("format") ?? string.Empty;
        var format = source is "" or "table" ? (args.Bool("quiet") ? "{{.ID}}" : DefaultTable) : source;
        var list = await context.Client.GetJsonAsync("/networks", new EngineQuery().AddFilters(filters), cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
        var networks = list.OfType<JsonObject>().OrderBy(n => (string?)n["Name"] ?? "", NaturalOrder.Instance);
        FormattedOutput.Write(context.Out, format, networks.Select(n => NetworkRows.Row(n, !args.Bool("no-trunc"))), NetworkRows.Header);
        return 0;
    }
}
