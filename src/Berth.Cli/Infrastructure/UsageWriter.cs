using System.Text;

namespace Berth.Cli.Infrastructure;

/// <summary>docker/cobra-style help and usage text.</summary>
internal static class UsageWriter
{
    public static string UsageLine(string path, CommandSpec spec) =>
        $"Usage:  {path}{(spec.Arguments.Length > 0 ? " " + spec.Arguments : string.Empty)}";

    public static string Help(string path, CommandSpec spec)
    {
        var sb = new StringBuilder();
        sb.Append(UsageLine(path, spec)).Append("\n\n").Append(spec.LongDescription ?? spec.Description).Append('\n');
        if (spec.Aliases is not null)
        {
            sb.Append("\nAliases:\n  ").Append(spec.Aliases).Append('\n');
        }

        if (spec.Flags.Count > 0)
        {
            sb.Append("\nOptions:\n").Append(FlagTable(spec.Flags));
        }

        return sb.ToString();
    }

    // pflag's FlagUsages layout: help text starts two columns after the longest flag column.
    public static string FlagTable(IReadOnlyList<FlagSpec> flags)
    {
        var lines = flags.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f =>
        {
            var left = f.Short is { } s ? $"  -{s}, --{f.Name}" : $"      --{f.Name}";
            if (f.Kind != FlagKind.Bool && f.TypeName.Length > 0)
            {
                left += " " + f.TypeName;
            }

            var help = f.Help + (f.Default is { } d ? $" (default \"{d}\")" : string.Empty);
            return (left, help);
        }).ToList();
        var width = lines.Max(l => l.left.Length);
        var sb = new StringBuilder();
        foreach (var (left, help) in lines)
        {
            var helpLines = help.Split('\n');
            sb.Append(left).Append(' ', width - left.Length + 3).Append(helpLines[0]).Append('\n');
            foreach (var more in helpLines.Skip(1))
            {
                sb.Append(' ', width + 3).Append(more).Append('\n');
            }
        }

        return sb.ToString();
    }

    public static string GroupHelp(string group, string description, IEnumerable<(string Name, string Description)> children)
    {
        var list = children.ToList();
        var width = list.Max(c => c.Name.Length);
        var sb = new StringBuilder();
        sb.Append($"Usage:  berth {group} COMMAND\n\n{description}\n\nCommands:\n");
        foreach (var (name, desc) in list)
        {
            sb.Append("  ").Append(name.PadRight(Math.Max(width, 10))).Append("  ").Append(desc).Append('\n');
        }

        sb.Append($"\nRun 'berth {group} COMMAND --help' for more information on a command.\n");
        return sb.ToString();
    }
}
