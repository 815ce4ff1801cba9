using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Commands.Containers;
using Berth.Cli.Commands.Images;
using Berth.Cli.Commands.Volumes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.System;

/// <summary>
/// berth system df: docker's summary table (formatter/disk_usage.go, API &lt;= 1.51 shape), or with
/// -v one table per kind. Totals are computed here from the daemon's lists, as docker 28 does.
/// </summary>
internal sealed class DfCommand : ICommand
{
    private const string SummaryTable = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    private const string SummaryRaw = "type: {{.Type}}\\ntotal: {{.TotalCount}}\\nactive: {{.Active}}\\nsize: {{.Size}}\\nreclaimable: {{.Reclaimable}}\\n";
    private const string ImageTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    private const string ContainerTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
    private const string VolumeTable = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
    private const string BuildCacheTable = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";

    private static readonly JsonObject SummaryHeader = new()
    {
        ["Type"] = "TYPE",
        ["TotalCount"] = "TOTAL",
        ["Active"] = "ACTIVE",
        ["Size"] = "SIZE",
        ["Reclaimable"] = "RECLAIMABLE",
    };

    private static readonly JsonObject BuildCacheHeader = new()
    {
        ["ID"] = "CACHE ID",
        ["CacheType"] = "CACHE TYPE",
        ["Size"] = "SIZE",
        ["CreatedSince"] = "CREATED",
        ["LastUsedSince"] = "LAST USED",
        ["UsageCount"] = "USAGE",
        ["Shared"] = "SHARED",
    };

    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Show berth disk usage",
        [FormatFlag.Table, FlagSpec.Bool("verbose", 'v', "Show detailed information on space usage")])
    {
        MaxArgs = 0,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var format = args.String("format") is { Length: > 0 } f ? f : "table";
        var verbose = args.Bool("verbose");
        var usage = await context.Client.GetJsonAsync("/system/df", null, cancellationToken).ConfigureAwait(false) as JsonObject ?? [];
        var images = Objects(usage["Images"]);
        var containers = Objects(usage["Containers"]);
        var volumes = Objects(usage["Volumes"]);
        var buildCache = Objects(usage["BuildCache"]);
        if (!verbose)
        {
            var rows = new[]
            {
                ImagesRow(images, ImageRows.Long(usage["LayersSize"]) ?? 0),
                ContainersRow(containers),
                VolumesRow(volumes),
                BuildCacheRow(buildCache),
            };
            FormattedOutput.Write(context.Out, format == "raw" ? SummaryRaw : format == "table" ? SummaryTable : format, rows, SummaryHeader);
            return 0;
        }

        var now = context.Clock();
        var truncate = FormattedOutput.IsTable(format);
        var imageRows = ImageRows.Build(new JsonArray([.. images.Select(FirstTagOnly)]), truncate, showDigests: false, needDigest: false, now).ToList();
        var containerRows = containers.Select(c => ContainerRows.Row(WithoutVirtualSize(c), truncate, now)).ToList();
        var volumeRows = volumes.Select(VolumeRows.Row).ToList();
        var buildCacheRows = BuildCacheRows.Build(buildCache, truncate, now);
        if (format != "table")
        {
            // A custom template sees the four lists at once and is executed a single time.
            var all = new JsonObject
            {
                ["Images"] = new JsonArray([.. imageRows]),
                ["Containers"] = new JsonArray([.. containerRows]),
                ["Volumes"] = new JsonArray([.. volumeRows]),
                ["BuildCache"] = new JsonArray([.. buildCacheRows]),
            };
            FormattedOutput.Parse(format).Execute(context.Out, all);
            return 0;
        }

        var o = context.Out;
        o.Write("Images space usage:\n\n");
        FormattedOutput.Write(o, ImageTable, imageRows, ImageRows.Header);
        o.Write("\nContainers space usage:\n\n");
        FormattedOutput.Write(o, ContainerTable, containerRows, ContainerRows.Header);
        o.Write("\nLocal Volumes space usage:\n\n");
        FormattedOutput.Write(o, VolumeTable, volumeRows, VolumeRows.Header);
        var builderSize = buildCache.Where(b => b["Shared"]?.GetValue<bool>() != true).Sum(b => ImageRows.Long(b["Size"]) ?? 0);
        o.Write($"\nBuild cache usage: {HumanUnits.HumanSize(builderSize)}\n\n");
        FormattedOutput.Write(o, BuildCacheTable, buildCacheRows, BuildCacheHeader);
        return 0;
    }

    private static JsonObject ImagesRow(List<JsonObject> images, long layersSize)
    {
        long used = 0;
        foreach (var image in images.Where(i => (ImageRows.Long(i["Containers"]) ?? 0) != 0))
        {
            var size = ImageRows.Long(image["Size"]) ?? -1;
            var shared = ImageRows.Long(image["SharedSize"]) ?? -1;
            if (size != -1 && shared != -1)
            {
                used += size - shared;
            }
        }

        var active = images.Count(i => (ImageRows.Long(i["Containers"]) ?? 0) > 0);
        return Row("Images", images.Count, active, layersSize, layersSize - used);
    }

    private static JsonObject ContainersRow(List<JsonObject> containers)
    {
        long total = 0;
        long reclaimable = 0;
        var active = 0;
        foreach (var container in containers)
        {
            var size = ImageRows.Long(container["SizeRw"]) ?? 0;
            var state = (string?)container["State"] ?? string.Empty;
            if (state.Contains("running", StringComparison.Ordinal) || state.Contains("paused", StringComparison.Ordinal) || state.Contains("restarting", StringComparison.Ordinal))
            {
                active++;
            }
            else
            {
                reclaimable += size;
            }

            total += size;
        }

        return Row("Containers", containers.Count, active, total, reclaimable);
    }

    private static JsonObject VolumesRow(List<JsonObject> volumes)
    {
        long total = 0;
        long reclaimable = 0;
        var active = 0;
        foreach (var volume in volumes)
        {
            var size = ImageRows.Long(volume["UsageData"]?["Size"]) ?? -1;
            var references = ImageRows.Long(volume["UsageData"]?["RefCount"]) ?? 0;
            if (references > 0)
            {
                active++;
            }

            if (size != -1)
            {
                reclaimable += references == 0 ? size : 0;
                total += size;
            }
        }

        return Row("Local Volumes", volumes.Count, active, total, reclaimable);
    }

    private static JsonObject BuildCacheRow(List<JsonObject> records)
    {
        var builderSize = records.Where(b => b["Shared"]?.GetValue<bool>() != true).Sum(b => ImageRows.Long(b["Size"]) ?? 0);
        var inUse = records.Where(b => b["InUse"]?.GetValue<bool>() == true && b["Shared"]?.GetValue<bool>() != true).Sum(b => ImageRows.Long(b["Size"]) ?? 0);
        var active = records.Count(b => b["InUse"]?.GetValue<bool>() == true);
        return new JsonObject
        {
            ["Active"] = active.ToString(CultureInfo.InvariantCulture),
            ["Reclaimable"] = HumanUnits.HumanSize(builderSize - inUse),
            ["Size"] = HumanUnits.HumanSize(builderSize),
            ["TotalCount"] = records.Count.ToString(CultureInfo.InvariantCulture),
            ["Type"] = "Build Cache",
        };
    }

    // Keys in the order docker's MarshalJSON gives them (sorted), so --format json matches.
    private static JsonObject Row(string type, int total, int active, long size, long reclaimable) => new()
    {
        ["Active"] = active.ToString(CultureInfo.InvariantCulture),
        ["Reclaimable"] = size > 0
            ? $"{HumanUnits.HumanSize(reclaimable)} ({(reclaimable * 100 / size).ToString(CultureInfo.InvariantCulture)}%)"
            : HumanUnits.HumanSize(reclaimable),
        ["Size"] = HumanUnits.HumanSize(size),
        ["TotalCount"] = total.ToString(CultureInfo.InvariantCulture),
        ["Type"] = type,
    };

    // docker -v shows each image once, under its first tag.
    private static JsonObject FirstTagOnly(JsonObject image)
    {
        var copy = (JsonObject)image.DeepClone();
        copy["RepoTags"] = copy["RepoTags"] is JsonArray { Count: > 0 } tags ? new JsonArray(tags[0]!.DeepClone()) : new JsonArray();
        copy["RepoDigests"] = new JsonArray();
        return copy;
    }

    // docker -v does not display the virtual size of containers.
    private static JsonObject WithoutVirtualSize(JsonObject container)
    {
        var copy = (JsonObject)container.DeepClone();
        copy["SizeRootFs"] = 0;
        return copy;
    }

    private static List<JsonObject> Objects(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>().ToList();
}
