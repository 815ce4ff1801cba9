using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Containers;

/// <summary>docker's stats formatter: CPU % from the cpu/precpu deltas, memory less page cache, summed I/O.</summary>
internal static class StatsRow
{
    public const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    public static readonly JsonObject Header = new()
    {
        ["ID"] = "CONTAINER ID",
        ["Container"] = "CONTAINER",
        ["Name"] = "NAME",
        ["CPUPerc"] = "CPU %",
        ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %",
        ["NetIO"] = "NET I/O",
        ["BlockIO"] = "BLOCK I/O",
        ["PIDs"] = "PIDS",
    };

    public static JsonObject Build(string container, JsonNode stats, bool truncate)
    {
        var id = (string?)stats["id"] ?? string.Empty;
        var cpuDelta = Number(stats["cpu_stats"]?["cpu_usage"]?["total_usage"]) - Number(stats["precpu_stats"]?["cpu_usage"]?["total_usage"]);
        var systemDelta = Number(stats["cpu_stats"]?["system_cpu_usage"]) - Number(stats["precpu_stats"]?["system_cpu_usage"]);
        var online = Number(stats["cpu_stats"]?["online_cpus"]);
        if (online == 0)
        {
            online = (stats["cpu_stats"]?["cpu_usage"]?["percpu_usage"] as JsonArray)?.Count ?? 0;
        }

        var cpu = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100.0 : 0.0;
        var memory = stats["memory_stats"];
        var usage = Number(memory?["usage"]);
        // cgroup v1 counts page cache as usage; docker subtracts inactive file pages (v2: inactive_file).
        var cache = Number(memory?["stats"]?["total_inactive_file"]);
        if (cache == 0)
        {
            cache = Number(memory?["stats"]?["inactive_file"]);
        }

        var used = cache < usage ? usage - cache : usage;
        var limit = Number(memory?["limit"]);
        double rx = 0, tx = 0, read = 0, write = 0;
        foreach (var (_, network) in stats["networks"] as JsonObject ?? [])
        {
            rx += Number(network?["rx_bytes"]);
            tx += Number(network?["tx_bytes"]);
        }

        foreach (var entry in stats["blkio_stats"]?["io_service_bytes_recursive"] as JsonArray ?? [])
        {
            var op = ((string?)entry?["op"] ?? string.Empty).ToLowerInvariant();
            if (op == "read")
            {
                read += Number(entry?["value"]);
            }
            else if (op == "write")
            {
                write += Number(entry?["value"]);
            }
        }

        return new JsonObject
        {
            ["BlockIO"] = $"{HumanUnits.HumanSizeWithPrecision(read, 3)} / {HumanUnits.HumanSizeWithPrecision(write, 3)}",
            ["CPUPerc"] = Percent(cpu),
            ["Container"] = container,
            ["ID"] = truncate ? Formatting.DisplayText.TruncateId(id) : id,
            ["MemPerc"] = Percent(limit > 0 ? used / limit * 100.0 : 0),
            ["MemUsage"] = $"{HumanUnits.BytesSize(used)} / {HumanUnits.BytesSize(limit)}",
            ["Name"] = ((string?)stats["name"] ?? string.Empty).TrimStart('/'),
            ["NetIO"] = $"{HumanUnits.HumanSizeWithPrecision(rx, 3)} / {HumanUnits.HumanSizeWithPrecision(tx, 3)}",
            ["PIDs"] = ((long)Number(stats["pids_stats"]?["current"])).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static double Number(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<double>(out var d) || (v.TryGetValue<long>(out var l) && (d = l) == d)) ? d : 0;
}
