using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Images;

/// <summary>berth history / image history.</summary>
internal sealed class HistoryCommand : ICommand
{
    private static readonly JsonObject s_header = new()
    {
        ["ID"] = "IMAGE",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE",
        ["Comment"] = "COMMENT",
    };

    public CommandSpec Spec { get; } = new(
        "[OPTIONS] IMAGE",
        "Show the history of an image",
        [
            FormatFlag.Table,
            FlagSpec.Bool("human", 'H', "Print sizes and dates in human readable format (default true)"),
            FlagSpec.Bool("no-trunc", null, "Don't truncate output"),
            FlagSpec.Bool("quiet", 'q', "Only show image IDs"),
        ])
    {
        MinArgs = 1,
        MaxArgs = 1,
        Aliases = "berth image history, berth history",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var human = !args.IsSet("human") || args.Bool("human");
        var truncate = !args.Bool("no-trunc");
        var format = args.String("format") ?? string.Empty;
        if (format is "" or "table")
        {
            format = args.Bool("quiet") ? "{{.ID}}"
                : human ? "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
                : "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
        }

        var name = args.Positionals[0];
        var items = await context.Client.GetJsonAsync($"/images/{Uri.EscapeDataString(name)}/history", null, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
        var now = context.Clock();
        var rows = items.OfType<JsonObject>().Select(item => Row(item, human, truncate, now));
        FormattedOutput.Write(context.Out, format, rows, s_header);
        return 0;
    }

    private static JsonObject Row(JsonObject item, bool human, bool truncate, DateTimeOffset now)
    {
        var id = (string?)item["Id"] ?? string.Empty;
        var created = ImageRows.Long(item["Created"]) ?? 0;
        var size = ImageRows.Long(item["Size"]) ?? 0;
        var createdAt = DateTimeOffset.FromUnixTimeSeconds(created).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var createdBy = ((string?)item["CreatedBy"] ?? string.Empty).Replace('\t', ' ');
        return new JsonObject
        {
            ["Comment"] = (string?)item["Comment"] ?? string.Empty,
            ["CreatedAt"] = createdAt,
            ["CreatedBy"] = truncate ? DisplayText.Ellipsis(createdBy, 45) : createdBy,
            ["CreatedSince"] = human ? HumanUnits.HumanDuration(now - DateTimeOffset.FromUnixTimeSeconds(created)) + " ago" : createdAt,
            ["ID"] = truncate ? DisplayText.TruncateId(id) : id,
            ["Size"] = human ? HumanUnits.HumanSizeWithPrecision(size, 3) : size.ToString(CultureInfo.InvariantCulture),
        };
    }
}
