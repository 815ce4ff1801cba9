using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands;

/// <summary>docker's shared --format flag definitions.</summary>
internal static class FormatFlag
{
    public static readonly FlagSpec Inspect = FlagSpec.String("format", 'f', "Format output using a custom template:\n'json': Print in JSON format\n'TEMPLATE': Print output using the given Go template");

    public static readonly FlagSpec Table = FlagSpec.String("format", null, "Format output using a custom template:\n'table': Print output in table format with column headers (default)\n'table TEMPLATE': Print output in table format using the given Go template\n'json': Print in JSON format\n'TEMPLATE': Print output using the given Go template");
}
