using System.Globalization;
using System.Text.Json;
using Berth.Api.Models.Containers;
using Domain = Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>
/// A HostConfig.Mounts entry → <see cref="Domain.MountSpec"/> with the option keys the mount planner
/// reads (see Berth.Core.Volumes.MountPlanRequest): size, mode, tmpfs-options, propagation,
/// nonrecursive, nocopy, driver, opt.&lt;k&gt;, label.&lt;k&gt;.
/// </summary>
internal static class MountSpecMapper
{
    public static Domain.MountSpec ToMount(Mount mount)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mount.TmpfsOptions is { } tmpfs)
        {
            if (tmpfs.SizeBytes is { } size)
            {
                options["size"] = size.ToString(CultureInfo.InvariantCulture);
            }
            if (tmpfs.Mode is { } mode)
            {
                options["mode"] = Convert.ToString(mode, 8);
            }
            var flags = (tmpfs.Options ?? []).Where(o => o.Count > 0).Select(o => o.Count > 1 ? $"{o[0]}={o[1]}" : o[0]).ToList();
            if (flags.Count > 0)
            {
                options["tmpfs-options"] = string.Join(',', flags);
            }
        }
        if (mount.BindOptions is { ValueKind: JsonValueKind.Object } bind)
        {
            if (String(bind, "Propagation") is { Length: > 0 } propagation)
            {
                options["propagation"] = propagation;
            }
            if (Bool(bind, "NonRecursive"))
            {
                options["nonrecursive"] = "true";
            }
        }
        if (mount.VolumeOptions is { ValueKind: JsonValueKind.Object } volume)
        {
            if (Bool(volume, "NoCopy"))
            {
                options["nocopy"] = "true";
            }
            if (Get(volume, "DriverConfig") is { ValueKind: JsonValueKind.Object } driver)
            {
                if (String(driver, "Name") is { Length: > 0 } name)
                {
                    options["driver"] = name;
                }
                foreach (var (k, v) in Map(Get(driver, "Options")))
                {
                    options["opt." + k] = v;
                }
            }
            foreach (var (k, v) in Map(Get(volume, "Labels")))
            {
                options["label." + k] = v;
            }
        }
        return new Domain.MountSpec(mount.Type, string.IsNullOrEmpty(mount.Source) ? null : mount.Source, mount.Target, mount.ReadOnly, options);
    }

    private static JsonElement? Get(JsonElement e, string name)
    {
        foreach (JsonProperty p in e.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }
        return null;
    }

    private static string? String(JsonElement e, string name) => Get(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) => Get(e, name) is { ValueKind: JsonValueKind.True };

    private static IEnumerable<(string Key, string Value)> Map(JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
            : [];
}
