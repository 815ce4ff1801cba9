using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary>Turns repeated --filter key=value flags into FilterArgs with docker's flag error.</summary>
internal static class FilterOptions
{
    public static FilterArgs Parse(IReadOnlyList<string> values, string flagLabel)
    {
        var filters = new FilterArgs();
        foreach (var value in values)
        {
            try
            {
                filters.AddCliFilter(value);
            }
            catch (FormatException ex)
            {
                throw new UsageException($"invalid argument \"{value}\" for \"{flagLabel}\" flag: {ex.Message}", 125);
            }
        }

        return filters;
    }
}
