using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth events: the daemon's event stream, one line per event in docker's layout or a template.</summary>
internal sealed class EventsCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Get real time events from the server",
        [
            FlagSpec.List("filter", 'f', "Filter output based on conditions provided", "filter"),
            FormatFlag.Inspect with { Short = null },
            FlagSpec.String("since", null, "Show all events created since timestamp"),
            FlagSpec.String("until", null, "Stream events until this timestamp"),
        ])
    {
        MaxArgs = 0,
        Aliases = "berth system events, berth events",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var filters = FilterOptions.Parse(args.List("filter"), "-f, --filter");
        var now = context.Clock();
        string? since, until;
        try
        {
            since = TimestampArg.Convert(args.String("since"), now);
            until = TimestampArg.Convert(args.String("until"), now);
        }
        catch (FormatException ex)
        {
            throw new StatusException(ex.Message);
        }

        var format = args.String("format");
        var template = string.IsNullOrEmpty(format) ? null : FormattedOutput.Parse(format);
        var query = new EngineQuery().AddIfNotEmpty("since", since).AddIfNotEmpty("until", until).AddFilters(filters);
        try
        {
            using var response = await context.Client.SendAsync(new EngineRequest("GET", "/events", query), cancellationToken).ConfigureAwait(false);
            await foreach (var message in response.ReadJsonMessagesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (template is not null)
                {
                    template.Execute(context.Out, message);
                    context.Out.Write('\n');
                }
                else
                {
                    context.Out.Write(FormatLine(message) + "\n");
                }

                context.Out.Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        return 0;
    }

    /// <summary>"2024-01-01T00:00:00.000000000Z container start ID (image=busybox, name=x)".</summary>
    internal static string FormatLine(JsonNode message)
    {
        var nanos = Images.ImageRows.Long(message["timeNano"]) ?? (Images.ImageRows.Long(message["time"]) ?? 0) * 1_000_000_000;
        var time = DateTimeOffset.FromUnixTimeSeconds(nanos / 1_000_000_000).UtcDateTime;
        var stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss", global::System.Globalization.CultureInfo.InvariantCulture) + $".{nanos % 1_000_000_000:D9}Z";
        var line = $"{stamp} {(string?)message["Type"]} {(string?)message["Action"]} {(string?)message["Actor"]?["ID"]}";
        var attributes = message["Actor"]?["Attributes"] as JsonObject ?? [];
        if (attributes.Count > 0)
        {
            line += " (" + string.Join(", ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={(string?)a.Value}")) + ")";
        }

        return line;
    }
}
