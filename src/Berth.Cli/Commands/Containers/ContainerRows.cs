using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Containers;

/// <summary>docker's container formatter context (formatter/container.go): the fields ps templates see.</summary>
internal static class ContainerRows
{
    public const string DefaultTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    public static readonly JsonObject Header = new()
    {
        ["ID"] = "CONTAINER ID",
        ["Image"] = "IMAGE",
        ["Command"] = "COMMAND",
        ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED",
        ["Ports"] = "PORTS",
        ["State"] = "STATE",
        ["Status"] = "STATUS",
        ["Size"] = "SIZE",
        ["Names"] = "NAMES",
        ["Labels"] = "LABELS",
        ["Mounts"] = "MOUNTS",
        ["Networks"] = "NETWORKS",
        ["LocalVolumes"] = "LOCAL VOLUMES",
    };

    public static JsonObject Row(JsonObject summary, bool truncate, DateTimeOffset now)
    {
        var id = (string?)summary["Id"] ?? string.Empty;
        var created = Images.ImageRows.Long(summary["Created"]) ?? 0;
        var command = (string?)summary["Command"] ?? string.Empty;
        var labels = summary["Labels"] as JsonObject ?? [];
        var mounts = summary["Mounts"] as JsonArray ?? [];
        var networks = summary["NetworkSettings"]?["Networks"] as JsonObject ?? [];
        return new JsonObject
        {
            ["Command"] = GoQuote(truncate ? DisplayText.Ellipsis(command, 20) : command),
            ["CreatedAt"] = DisplayText.GoTimeString(created),
            ["ID"] = truncate ? DisplayText.TruncateId(id) : id,
            ["Image"] = Image(summary, truncate),
            ["Labels"] = string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={(string?)l.Value}")),
            ["LocalVolumes"] = mounts.Count(m => (string?)m?["Driver"] == "local" && (string?)m?["Type"] == "volume").ToString(CultureInfo.InvariantCulture),
            ["Mounts"] = string.Join(",", mounts.Select(m => MountName(m, truncate))),
            ["Names"] = Names(summary["Names"] as JsonArray ?? [], truncate),
            ["Networks"] = string.Join(",", networks.Select(n => n.Key).Order(StringComparer.Ordinal)),
            ["Ports"] = PortList.Display(summary["Ports"] as JsonArray ?? []),
            ["RunningFor"] = HumanUnits.HumanDuration(now - DateTimeOffset.FromUnixTimeSeconds(created)) + " ago",
            ["Size"] = Size(summary),
            ["State"] = (string?)summary["State"] ?? string.Empty,
            ["Status"] = (string?)summary["Status"] ?? string.Empty,
        };
    }

    private static string Names(JsonArray names, bool truncate)
    {
        var stripped = names.Select(n => ((string?)n ?? string.Empty).TrimStart('/')).ToList();
        if (truncate && stripped.FirstOrDefault(n => !n.Contains('/')) is { } first)
        {
            return first;
        }

        return string.Join(",", stripped);
    }

    private static string Image(JsonObject summary, bool truncate)
    {
        var image = (string?)summary["Image"] ?? string.Empty;
        if (image.Length == 0)
        {
            return "<no image>";
        }

        if (!truncate)
        {
            return image;
        }

        var imageId = (string?)summary["ImageID"] ?? string.Empty;
        if (DisplayText.TruncateId(imageId) == DisplayText.TruncateId(image))
        {
            return DisplayText.TruncateId(image);
        }

        // A digest-pinned reference shows without its digest when a tag remains.
        var at = image.IndexOf('@');
        return at > 0 && ImageReference.SplitTag(image[..at]).Tag is not null ? image[..at] : image;
    }

    private static string MountName(JsonNode? mount, bool truncate)
    {
        var name = (string?)mount?["Name"];
        if (string.IsNullOrEmpty(name))
        {
            name = (string?)mount?["Source"] ?? string.Empty;
        }

        return truncate ? DisplayText.Ellipsis(name, 15) : name;
    }

    private static string Size(JsonObject summary)
    {
        var rw = Images.ImageRows.Long(summary["SizeRw"]);
        var root = Images.ImageRows.Long(summary["SizeRootFs"]);
        if (rw is null && root is null)
        {
            return string.Empty;
        }

        var text = HumanUnits.HumanSizeWithPrecision(rw ?? 0, 3);
        return root > 0 ? $"{text} (virtual {HumanUnits.HumanSizeWithPrecision(root.Value, 3)})" : text;
    }

    /// <summary>Go's strconv.Quote for the printable text commands hold.</summary>
    internal static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
