using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth ps / container ls.</summary>
internal sealed class PsCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "List containers",
        [
            FlagSpec.Bool("all", 'a', "Show all containers (default shows just running)"),
            FlagSpec.List("filter", 'f', "Filter output based on conditions provided", "filter"),
            FormatFlag.Table,
            FlagSpec.String("last", 'n', "Show n last created containers (includes all states)", "int", "-1"),
            FlagSpec.Bool("latest", 'l', "Show the latest created container (includes all states)"),
            FlagSpec.Bool("no-trunc", null, "Don't truncate output"),
            FlagSpec.Bool("quiet", 'q', "Only display container IDs"),
            FlagSpec.Bool("size", 's', "Display total file sizes"),
        ])
    {
        MaxArgs = 0,
        Aliases = "berth container ls, berth container list, berth container ps, berth ps",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var filters = FilterOptions.Parse(args.List("filter"), "-f, --filter");
        var lastText = args.String("last") ?? "-1";
        if (!int.TryParse(lastText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last))
        {
            throw new UsageException($"invalid argument \"{lastText}\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"{lastText}\": invalid syntax", 125);
        }

        if (args.Bool("latest"))
        {
            last = 1;
        }

        var format = args.String("format") ?? string.Empty;
        if (format is "" or "table")
        {
            format = args.Bool("quiet") ? "{{.ID}}" : args.Bool("size") ? ContainerRows.DefaultTable + "\t{{.Size}}" : ContainerRows.DefaultTable;
        }
        else if (args.Bool("quiet"))
        {
            format = "{{.ID}}";
        }

        var size = args.Bool("size") || format.Contains(".Size", StringComparison.Ordinal);
        var query = new EngineQuery().AddFlag("all", args.Bool("all"))
            .AddIfNotEmpty("limit", last > 0 ? last.ToString(CultureInfo.InvariantCulture) : null)
            .AddFlag("size", size).AddFilters(filters);
        var list = await context.Client.GetJsonAsync("/containers/json", query, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
        var now = context.Clock();
        var rows = list.OfType<JsonObject>().Select(c => ContainerRows.Row(c, !args.Bool("no-trunc"), now));
        FormattedOutput.Write(context.Out, format, rows, ContainerRows.Header);
        return 0;
    }
}
