using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.System;

/// <summary>docker's formatter/buildcache.go: `system df -v` build cache rows, oldest use first.</summary>
internal static class BuildCacheRows
{
    public static List<JsonObject> Build(IEnumerable<JsonObject> records, bool truncate, DateTimeOffset now) =>
        records
            .Select((record, index) => (record, index, lastUsed: Time(record["LastUsedAt"])))
            // Never-used records first, then by last use; ties keep the daemon's order.
            .OrderBy(r => r.lastUsed.HasValue)
            .ThenBy(r => r.lastUsed ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.index)
            .Select(r => Row(r.record, truncate, now))
            .ToList();

    private static JsonObject Row(JsonObject record, bool truncate, DateTimeOffset now)
    {
        var id = (string?)record["ID"] ?? string.Empty;
        if (truncate)
        {
            id = DisplayText.TruncateId(id);
        }

        var inUse = record["InUse"]?.GetValue<bool>() == true;
        if (inUse)
        {
            id += "*";
        }

        var created = Time(record["CreatedAt"]) ?? DateTimeOffset.UnixEpoch;
        var lastUsed = Time(record["LastUsedAt"]);
        var size = record["Size"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
        return new JsonObject
        {
            ["CacheType"] = (string?)record["Type"] ?? string.Empty,
            ["CreatedAt"] = GoTime(created),
            ["CreatedSince"] = HumanUnits.HumanDuration(now - created) + " ago",
            ["Description"] = (string?)record["Description"] ?? string.Empty,
            ["ID"] = id,
            ["InUse"] = inUse ? "true" : "false",
            ["LastUsedAt"] = lastUsed is { } used ? GoTime(used) : string.Empty,
            ["LastUsedSince"] = lastUsed is { } since ? HumanUnits.HumanDuration(now - since) + " ago" : string.Empty,
            // The deprecated single Parent: berthd (API 1.42+) fills Parents instead, as dockerd does.
            ["Parent"] = (string?)record["Parent"] ?? string.Empty,
            ["Shared"] = record["Shared"]?.GetValue<bool>() == true ? "true" : "false",
            ["Size"] = HumanUnits.HumanSizeWithPrecision(size, 3),
            ["UsageCount"] = (record["UsageCount"] is JsonValue u && u.TryGetValue<long>(out var count) ? count : 0).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>Go's time.Time.String() in UTC, fractional seconds without trailing zeros.</summary>
    private static string GoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + " +0000 UTC";
}
