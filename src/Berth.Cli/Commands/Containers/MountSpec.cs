using System.Text.Json.Nodes;

namespace Berth.Cli.Commands.Containers;

/// <summary>opts.MountOpt: "type=bind,source=/a,target=/b,readonly" into a HostConfig.Mounts entry.</summary>
internal static class MountSpec
{
    public static JsonObject Parse(string value)
    {
        string type = "volume", source = string.Empty, target = string.Empty, consistency = string.Empty, propagation = string.Empty;
        bool readOnly = false, noCopy = false;
        long? tmpfsSize = null;
        int? tmpfsMode = null;
        string? driver = null;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var driverOptions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in value.Split(','))
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            var val = eq < 0 ? null : field[(eq + 1)..];
            if (val is null && key is not ("readonly" or "ro" or "volume-nocopy" or "bind-recursive"))
            {
                throw new FormatException($"invalid field '{field}' must be a key=value pair");
            }

            switch (key)
            {
                case "type": type = val!.ToLowerInvariant(); break;
                case "source" or "src": source = val!; break;
                case "target" or "dst" or "destination": target = val!; break;
                case "readonly" or "ro": readOnly = ParseBool(key, val); break;
                case "consistency": consistency = val!; break;
                case "bind-propagation": propagation = val!; break;
                case "volume-nocopy": noCopy = ParseBool(key, val); break;
                case "volume-driver": driver = val!; break;
                case "volume-label": AddPair(labels, val!); break;
                case "volume-opt": AddPair(driverOptions, val!); break;
                case "tmpfs-size": tmpfsSize = UnitParsers.RamInBytes(val!); break;
                case "tmpfs-mode": tmpfsMode = Convert.ToInt32(val, 8); break;
                default: throw new FormatException($"unexpected key '{key}' in '{field}'");
            }
        }

        if (target.Length == 0)
        {
            throw new FormatException("target is required");
        }

        var mount = new JsonObject { ["Type"] = type };
        if (source.Length > 0)
        {
            mount["Source"] = source;
        }

        mount["Target"] = target;
        if (readOnly)
        {
            mount["ReadOnly"] = true;
        }

        if (consistency.Length > 0)
        {
            mount["Consistency"] = consistency;
        }

        if (propagation.Length > 0)
        {
            mount["BindOptions"] = new JsonObject { ["Propagation"] = propagation };
        }

        if (noCopy || labels.Count > 0 || driver is not null || driverOptions.Count > 0)
        {
            var volume = new JsonObject();
            if (noCopy)
            {
                volume["NoCopy"] = true;
            }

            if (labels.Count > 0)
            {
                volume["Labels"] = ToJson(labels);
            }

            if (driver is not null || driverOptions.Count > 0)
            {
                var config = new JsonObject { ["Name"] = driver ?? string.Empty };
                if (driverOptions.Count > 0)
                {
                    config["Options"] = ToJson(driverOptions);
                }

                volume["DriverConfig"] = config;
            }

            mount["VolumeOptions"] = volume;
        }

        if (tmpfsSize is not null || tmpfsMode is not null)
        {
            var tmpfs = new JsonObject();
            if (tmpfsSize is { } size)
            {
                tmpfs["SizeBytes"] = size;
            }

            if (tmpfsMode is { } mode)
            {
                tmpfs["Mode"] = mode;
            }

            mount["TmpfsOptions"] = tmpfs;
        }

        return mount;
    }

    private static bool ParseBool(string key, string? value) => value?.ToLowerInvariant() switch
    {
        null or "1" or "true" => true,
        "0" or "false" => false,
        _ => throw new FormatException($"invalid value for {key}: {value}"),
    };

    private static void AddPair(SortedDictionary<string, string> map, string pair)
    {
        var eq = pair.IndexOf('=');
        map[eq < 0 ? pair : pair[..eq]] = eq < 0 ? string.Empty : pair[(eq + 1)..];
    }

    internal static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map)
        {
            obj[k] = v;
        }

        return obj;
    }
}
