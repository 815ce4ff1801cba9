using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Volumes;

/// <summary>
/// docker's volume formatter context (formatter/volume.go): the fields volume templates see.
/// Labels are joined in key order (Go's map order is random).
/// </summary>
internal static class VolumeRows
{
    public const string DefaultTable = "table {{.Driver}}\t{{.Name}}";
    public const string QuietFormat = "{{.Name}}";
    public const string ClusterTable = "table {{.Name}}\t{{.Group}}\t{{.Driver}}\t{{.Availability}}\t{{.Status}}";

    public static readonly JsonObject Header = new()
    {
        ["ID"] = "ID",
        ["Name"] = "VOLUME NAME",
        ["Group"] = "GROUP",
        ["Driver"] = "DRIVER",
        ["Scope"] = "SCOPE",
        ["Availability"] = "AVAILABILITY",
        ["Mountpoint"] = "MOUNTPOINT",
        ["Labels"] = "LABELS",
        ["Links"] = "LINKS",
        ["Size"] = "SIZE",
        ["Status"] = "STATUS",
    };

    /// <summary>NewVolumeFormat: "table" (or empty) picks the default, quiet the bare name; "raw" has its own shape.</summary>
    public static string Format(string? source, bool quiet) => source switch
    {
        null or "" or "table" => quiet ? QuietFormat : DefaultTable,
        "raw" => quiet ? "name: {{.Name}}" : "name: {{.Name}}\\ndriver: {{.Driver}}\\n",
        _ => source,
    };

    public static JsonObject Row(JsonObject volume)
    {
        var labels = volume["Labels"] as JsonObject ?? [];
        var usage = volume["UsageData"] as JsonObject;
        return new JsonObject
        {
            ["Availability"] = "N/A",
            ["Driver"] = (string?)volume["Driver"] ?? string.Empty,
            ["Group"] = "N/A",
            ["Labels"] = string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={(string?)l.Value}")),
            ["Links"] = usage is null ? "N/A" : (Images.ImageRows.Long(usage["RefCount"]) ?? 0).ToString(CultureInfo.InvariantCulture),
            ["Mountpoint"] = (string?)volume["Mountpoint"] ?? string.Empty,
            ["Name"] = (string?)volume["Name"] ?? string.Empty,
            ["Scope"] = (string?)volume["Scope"] ?? string.Empty,
            ["Size"] = usage is null ? "N/A" : HumanUnits.HumanSize(Images.ImageRows.Long(usage["Size"]) ?? 0),
            ["Status"] = "N/A",
        };
    }

    /// <summary>sortorder.NaturalLess: digit runs compare by value, so "v2" sorts before "v10".</summary>
    public static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var (startA, startB) = (i, j);
                i = DigitsEnd(a, i);
                j = DigitsEnd(b, j);
                var numA = a[startA..i].TrimStart('0');
                var numB = b[startB..j].TrimStart('0');
                var byValue = numA.Length != numB.Length ? numA.Length.CompareTo(numB.Length) : string.CompareOrdinal(numA, numB);
                if (byValue != 0)
                {
                    return byValue;
                }

                // Same value: fewer leading zeros first.
                var byZeros = (i - startA).CompareTo(j - startB);
                if (byZeros != 0)
                {
                    return byZeros;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int DigitsEnd(string s, int start)
    {
        while (start < s.Length && char.IsAsciiDigit(s[start]))
        {
            start++;
        }

        return start;
    }
}
