using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Networks;

/// <summary>docker's network formatter context: the fields templates see and the table header.</summary>
internal static class NetworkRows
{
    public static readonly JsonObject Header = new()
    {
        ["ID"] = "NETWORK ID",
        ["Name"] = "NAME",
        ["Driver"] = "DRIVER",
        ["Scope"] = "SCOPE",
        ["IPv4"] = "IPV4",
        ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL",
        ["Labels"] = "LABELS",
        ["CreatedAt"] = "CREATED",
    };

    public static JsonObject Row(JsonObject network, bool truncate)
    {
        var id = (string?)network["Id"] ?? "";
        var labels = network["Labels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["ID"] = truncate ? DisplayText.TruncateId(id) : id,
            ["Name"] = (string?)network["Name"] ?? "",
            ["Driver"] = (string?)network["Driver"] ?? "",
            ["Scope"] = (string?)network["Scope"] ?? "",
            ["IPv4"] = Bool(network["EnableIPv4"], true),
            ["IPv6"] = Bool(network["EnableIPv6"], false),
            ["Internal"] = Bool(network["Internal"], false),
            ["Labels"] = string.Join(",", labels.Select(l => $"{l.Key}={(string?)l.Value}").Order(StringComparer.Ordinal)),
            ["CreatedAt"] = GoTime((string?)network["Created"]),
        };
    }

    private static string Bool(JsonNode? node, bool fallback) =>
        (node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback) ? "true" : "false";

    /// <summary>Go's time.Time.String() of the RFC 3339 value: "2024-05-06 07:08:09.1234567 +0000 UTC".</summary>
    private static string GoTime(string? created)
    {
        if (created is null || !DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "";
        }

        var utc = time.UtcDateTime;
        return utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + " +0000 UTC";
    }
}
