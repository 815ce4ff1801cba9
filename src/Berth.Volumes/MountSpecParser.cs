using System.Globalization;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>
/// `--mount` as the docker CLI parses it (cli/opts/mount.go) into a <see cref="MountSpec"/> whose
/// option keys are the ones <see cref="Core.Volumes.MountPlanRequest"/> documents, and the reverse
/// step the planner uses (MountSpec → Docker's mount.Mount shape).
/// </summary>
public static class MountSpecParser
{
    /// <summary>"type=volume,src=data,dst=/data,volume-opt=type=tmpfs,…". The type defaults to volume, as in the CLI.</summary>
    public static MountSpec Parse(string csv)
    {
        string type = "volume";
        string? source = null;
        string target = "";
        bool readOnly = false;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string field in csv.Split(','))
        {
            string[] kv = field.Split('=', 2);
            string key = kv[0].ToLowerInvariant();
            string? value = kv.Length == 2 ? kv[1] : null;
            if (value is null && key is not ("readonly" or "ro" or "volume-nocopy" or "bind-nonrecursive"))
            {
                throw EngineException.InvalidArgument($"invalid field '{field}' must be a key=value pair");
            }
            switch (key)
            {
                case "type": type = value!; break;
                case "source" or "src": source = value; break;
                case "target" or "dst" or "destination": target = value!; break;
                case "readonly" or "ro": readOnly = ParseBool(key, value); break;
                case "consistency": break;
                case "bind-propagation": options["propagation"] = value!; break;
                case "bind-nonrecursive": options["nonrecursive"] = ParseBool(key, value) ? "true" : "false"; break;
                case "volume-nocopy": options["nocopy"] = ParseBool(key, value) ? "true" : "false"; break;
                case "volume-driver": options["driver"] = value!; break;
                case "volume-label": AddPair(options, "label.", field, value!); break;
                case "volume-opt": AddPair(options, "opt.", field, value!); break;
                case "tmpfs-size":
                    options["size"] = ByteSize.Parse(value!, msg => EngineException.InvalidArgument(msg)).ToString(CultureInfo.InvariantCulture);
                    break;
                case "tmpfs-mode":
                    try
                    {
                        options["mode"] = Convert.ToString(Convert.ToUInt32(value!, 8), 8);
                    }
                    catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
                    {
                        throw EngineException.InvalidArgument($"invalid value for {key}: {value}");
                    }
                    break;
                default:
                    throw EngineException.InvalidArgument($"unexpected key '{key}' in '{field}'");
            }
        }
        if (target.Length == 0)
        {
            throw EngineException.InvalidArgument("target is required");
        }
        string prefix = type switch { "bind" => "bind", "volume" => "volume", "tmpfs" => "tmpfs", _ => "" };
        foreach (var (group, keys) in OptionGroups)
        {
            if (group != prefix && keys.Any(k => options.Keys.Any(o => o == k || o.StartsWith(k, StringComparison.Ordinal) && k.EndsWith('.'))))
            {
                throw EngineException.InvalidArgument($"cannot mix '{group}-*' options with mount type '{type}'");
            }
        }
        return new MountSpec(type, source, target, readOnly, options);
    }

    private static readonly (string Group, string[] Keys)[] OptionGroups =
    [
        ("bind", ["propagation", "nonrecursive"]),
        ("volume", ["nocopy", "driver", "label.", "opt."]),
        ("tmpfs", ["size", "mode"]),
    ];

    internal static MountConfig ToConfig(MountSpec spec)
    {
        IReadOnlyDictionary<string, string> o = spec.Options;
        var driverOpts = Prefixed(o, "opt.");
        var labels = Prefixed(o, "label.");
        long size = o.TryGetValue("size", out string? s) ? long.Parse(s, CultureInfo.InvariantCulture) : 0;
        uint mode = o.TryGetValue("mode", out string? m) ? Convert.ToUInt32(m, 8) : 0;
        return new MountConfig
        {
            Type = spec.Type,
            Source = spec.Source ?? "",
            Target = spec.Target,
            ReadOnly = spec.ReadOnly,
            HasBindOptions = o.ContainsKey("propagation") || o.ContainsKey("nonrecursive"),
            HasVolumeOptions = o.ContainsKey("nocopy") || o.ContainsKey("driver") || driverOpts.Count > 0 || labels.Count > 0,
            HasTmpfsOptions = o.ContainsKey("size") || o.ContainsKey("mode") || o.ContainsKey("tmpfs-options"),
            Propagation = o.GetValueOrDefault("propagation", ""),
            NonRecursive = o.GetValueOrDefault("nonrecursive") == "true",
            NoCopy = o.GetValueOrDefault("nocopy") == "true",
            Driver = o.GetValueOrDefault("driver"),
            DriverOptions = driverOpts,
            Labels = labels,
            TmpfsSize = size,
            TmpfsMode = mode,
            TmpfsExtra = o.GetValueOrDefault("tmpfs-options", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private static Dictionary<string, string> Prefixed(IReadOnlyDictionary<string, string> o, string prefix) =>
        o.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

    private static void AddPair(Dictionary<string, string> options, string prefix, string field, string value)
    {
        string[] kv = value.Split('=', 2);
        options[prefix + kv[0]] = kv.Length == 2 ? kv[1] : "";
        _ = field;
    }

    private static bool ParseBool(string key, string? value) => value?.ToLowerInvariant() switch
    {
        null or "1" or "true" => true,
        "0" or "false" => false,
        _ => throw EngineException.InvalidArgument($"invalid value for {key}: {value}"),
    };
}
