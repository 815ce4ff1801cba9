using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth images / image ls.</summary>
internal sealed class ImagesCommand : ICommand
{
    private const string DefaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    private const string DefaultTableWithDigest = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS] [REPOSITORY[:TAG]]",
        "List images",
        [
            FlagSpec.Bool("all", 'a', "Show all images (default hides intermediate images)"),
            FlagSpec.Bool("digests", null, "Show digests"),
            FlagSpec.List("filter", 'f', "Filter output based on conditions provided", "filter"),
            FormatFlag.Table,
            FlagSpec.Bool("no-trunc", null, "Don't truncate output"),
            FlagSpec.Bool("quiet", 'q', "Only show image IDs"),
        ])
    {
        MaxArgs = 1,
        Aliases = "berth image ls, berth image list, berth images",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var options = Options.From(args);
        var filters = FilterOptions.Parse(options.Filters, "-f, --filter");

        if (options.Reference is not null)
        {
            filters.Add("reference", options.Reference);
        }

        var format = ResolveFormat(options);
        var query = new EngineQuery().AddFlag("all", options.All).AddFilters(filters)
            .AddFlag("shared-size", format.Contains(".SharedSize", StringComparison.Ordinal) || format.Contains(".UniqueSize", StringComparison.Ordinal));
        var summaries = await context.Client.GetJsonAsync("/images/json", query, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];
        var needDigest = options.Digests || format.Contains("{{.Digest}}", StringComparison.Ordinal);
        var rows = ImageRows.Build(summaries, !options.NoTrunc, options.Digests, needDigest, context.Clock());
        FormattedOutput.Write(context.Out, format, rows, ImageRows.Header);
        return 0;
    }

    // NewImageFormat: quiet and digests pick the default; a table with --digests gains a Digest column.
    private static string ResolveFormat(Options options)
    {
        var source = options.Format ?? string.Empty;
        if (source is "" or "table")
        {
            return options.Quiet ? "{{.ID}}" : options.Digests ? DefaultTableWithDigest : DefaultTable;
        }

        if (FormattedOutput.IsTable(source) && options.Digests && !source.Contains("{{.Digest}}", StringComparison.Ordinal))
        {
            source += "\t{{.Digest}}";
        }

        return source;
    }

    private sealed record Options(bool All, bool Digests, IReadOnlyList<string> Filters, string? Format, bool NoTrunc, bool Quiet, string? Reference)
    {
        public static Options From(ParsedArgs args) => new(
            args.Bool("all"),
            args.Bool("digests"),
            args.List("filter"),
            args.String("format"),
            args.Bool("no-trunc"),
            args.Bool("quiet"),
            args.Positionals.Count > 0 ? args.Positionals[0] : null);
    }
}
