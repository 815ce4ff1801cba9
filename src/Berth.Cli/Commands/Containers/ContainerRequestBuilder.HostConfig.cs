using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

internal static partial class ContainerRequestBuilder
{
    private static JsonObject BuildHostConfig(ParsedArgs args, List<string> binds, PortSpecs ports, (int Rows, int Columns)? consoleSize)
    {
        var restart = ParseRestart(args.String("restart") ?? "no");
        var autoRemove = args.Bool("rm");
        if (autoRemove && restart.Name is not ("" or "no"))
        {
            throw new ContainerOptionException("conflicting options: cannot specify both --restart and --rm");
        }

        var logOptions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in args.List("log-opt"))
        {
            var eq = option.IndexOf('=');
            if (eq <= 0)
            {
                throw FlagException("log-opt", null, option, $"invalid key value pair format: {option}");
            }

            logOptions[option[..eq]] = option[(eq + 1)..];
        }

        var (capAdd, capDrop) = EffectiveCapabilities(args.List("cap-add"), args.List("cap-drop"));
        var tmpfs = new JsonObject();
        foreach (var entry in args.List("tmpfs"))
        {
            var colon = entry.IndexOf(':');
            tmpfs[colon < 0 ? entry : entry[..colon]] = colon < 0 ? string.Empty : entry[(colon + 1)..];
        }

        var ulimits = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var value in args.List("ulimit"))
        {
            var ulimit = Flag(args, "ulimit", value, () => ParseUlimit(value));
            ulimits[(string)ulimit["Name"]!] = ulimit;
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var annotation in args.List("annotation"))
        {
            var eq = annotation.IndexOf('=');
            annotations[eq < 0 ? annotation : annotation[..eq]] = eq < 0 ? string.Empty : annotation[(eq + 1)..];
        }

        var sysctls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in args.List("sysctl"))
        {
            var (key, setting) = Flag(args, "sysctl", value, () => ParseSysctl(value));
            sysctls[key] = setting;
        }

        var (securityOpts, unconfinedPaths) = ParseSecurityOpts(args.List("security-opt"));
        var devices = args.List("device").Select(d => (JsonNode)ParseDevice(d)).ToArray();
        var links = args.List("link");
        var groups = args.List("group-add");
        var mounts = args.List("mount").Select(m => Flag(args, "mount", m, () => MountSpec.Parse(m))).ToList();
        var memory = Bytes(args, "memory");
        var memorySwap = args.String("memory-swap") is "-1" ? -1 : Bytes(args, "memory-swap");
        var host = new JsonObject
        {
            ["Binds"] = binds.Count > 0 ? Strings(binds) : null,
            ["ContainerIDFile"] = string.Empty,
            ["LogConfig"] = new JsonObject { ["Type"] = args.String("log-driver") ?? string.Empty, ["Config"] = MountSpec.ToJson(logOptions) },
            ["NetworkMode"] = args.String("network") ?? "default",
            ["PortBindings"] = ports.BindingsJson(),
            ["RestartPolicy"] = new JsonObject { ["Name"] = restart.Name, ["MaximumRetryCount"] = restart.Count },
            ["AutoRemove"] = autoRemove,
            ["VolumeDriver"] = string.Empty,
            ["VolumesFrom"] = args.List("volumes-from").Count > 0 ? Strings(args.List("volumes-from")) : null,
            ["ConsoleSize"] = new JsonArray(consoleSize?.Rows ?? 0, consoleSize?.Columns ?? 0),
        };
        if (annotations.Count > 0)
        {
            host["Annotations"] = MountSpec.ToJson(annotations);
        }

        // The rest of docker's HostConfig fields, in its order.
        (string Name, JsonNode? Value)[] ordered =
        [
            ("CapAdd", capAdd.Count > 0 ? Strings(capAdd) : null),
            ("CapDrop", capDrop.Count > 0 ? Strings(capDrop) : null),
            ("CgroupnsMode", string.Empty),
            ("Dns", Strings(args.List("dns"))),
            ("DnsOptions", Strings(args.List("dns-option"))),
            ("DnsSearch", Strings(args.List("dns-search"))),
            ("ExtraHosts", args.List("add-host").Count > 0 ? Strings(args.List("add-host").Select(ValidateExtraHost)) : null),
            ("GroupAdd", groups.Count > 0 ? Strings(groups) : null),
            ("IpcMode", string.Empty),
            ("Cgroup", string.Empty),
            ("Links", links.Count > 0 ? Strings(links) : null),
            ("OomScoreAdj", 0),
            ("PidMode", string.Empty),
            ("Privileged", args.Bool("privileged")),
            ("PublishAllPorts", args.Bool("publish-all")),
            ("ReadonlyRootfs", args.Bool("read-only")),
            ("SecurityOpt", securityOpts),
        ];
        foreach (var (name, value) in ordered)
        {
            host[name] = value;
        }

        if (tmpfs.Count > 0)
        {
            host["Tmpfs"] = tmpfs;
        }

        host["UTSMode"] = string.Empty;
        host["UsernsMode"] = string.Empty;
        host["ShmSize"] = Bytes(args, "shm-size");
        if (sysctls.Count > 0)
        {
            host["Sysctls"] = MountSpec.ToJson(sysctls);
        }

        host["Isolation"] = string.Empty;
        host["CpuShares"] = args.String("cpu-shares") is { } shares ? Flag(args, "cpu-shares", shares, () => UnitParsers.ParseInt(shares)) : 0L;
        host["Memory"] = memory;
        host["NanoCpus"] = args.String("cpus") is { } cpus ? Flag(args, "cpus", cpus, () => UnitParsers.NanoCpus(cpus)) : 0L;
        host["CgroupParent"] = string.Empty;
        host["BlkioWeight"] = 0;
        foreach (var empty in (string[])["BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps"])
        {
            host[empty] = new JsonArray();
        }

        foreach (var zero in (string[])["CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime"])
        {
            host[zero] = 0;
        }

        host["CpusetCpus"] = args.String("cpuset-cpus") ?? string.Empty;
        host["CpusetMems"] = args.String("cpuset-mems") ?? string.Empty;
        host["Devices"] = new JsonArray(devices);
        host["DeviceCgroupRules"] = null;
        host["DeviceRequests"] = null;
        host["MemoryReservation"] = 0;
        host["MemorySwap"] = memorySwap;
        host["MemorySwappiness"] = -1;
        host["OomKillDisable"] = args.Bool("oom-kill-disable");
        host["PidsLimit"] = args.String("pids-limit") is { } pids ? Flag(args, "pids-limit", pids, () => UnitParsers.ParseInt(pids)) : 0L;
        host["Ulimits"] = new JsonArray(ulimits.Values.Select(u => (JsonNode)u).ToArray());
        host["CpuCount"] = 0;
        host["CpuPercent"] = 0;
        host["IOMaximumIOps"] = 0;
        host["IOMaximumBandwidth"] = 0;
        if (mounts.Count > 0)
        {
            host["Mounts"] = new JsonArray(mounts.Select(m => (JsonNode)m).ToArray());
        }

        host["MaskedPaths"] = unconfinedPaths ? new JsonArray() : null;
        host["ReadonlyPaths"] = unconfinedPaths ? new JsonArray() : null;
        if (args.Bool("init"))
        {
            host["Init"] = true;
        }

        return host;
    }

    private static long Bytes(ParsedArgs args, string name) =>
        args.String(name) is { } value ? Flag(args, name, value, () => UnitParsers.RamInBytes(value)) : 0L;

    /// <summary>opts.ParseRestartPolicy: the name is left for the daemon to judge.</summary>
    private static (string Name, int Count) ParseRestart(string policy)
    {
        var colon = policy.IndexOf(':');
        if (colon < 0)
        {
            return (policy, 0);
        }

        if (colon == 0)
        {
            throw new ContainerOptionException("invalid restart policy format: no policy provided before colon");
        }

        if (!int.TryParse(policy.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
        {
            throw new ContainerOptionException("invalid restart policy format: maximum retry count must be an integer");
        }

        return (policy[..colon], count);
    }

    /// <summary>opts.EffectiveCapAddCapDrop: CAP_-prefixed, sorted, ALL wins, an added cap is never dropped.</summary>
    private static (List<string> Add, List<string> Drop) EffectiveCapabilities(IReadOnlyList<string> add, IReadOnlyList<string> drop)
    {
        var capAdd = NormalizeCapabilities(add);
        var capDrop = NormalizeCapabilities(drop);
        if (capAdd.Contains("ALL"))
        {
            capAdd = ["ALL"];
        }

        if (capDrop.Contains("ALL"))
        {
            capDrop = ["ALL"];
        }

        capDrop = capDrop.Where(c => !capAdd.Contains(c) || c == "ALL").ToList();
        return (capAdd, capDrop);
    }

    private static List<string> NormalizeCapabilities(IReadOnlyList<string> caps) => caps
        .Select(c => c.Trim().ToUpperInvariant())
        .Where(c => c.Length > 0)
        .Select(c => c == "ALL" || c.StartsWith("CAP_", StringComparison.Ordinal) ? c : "CAP_" + c)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>units.ParseUlimit: name=soft[:hard].</summary>
    private static JsonObject ParseUlimit(string value)
    {
        var eq = value.IndexOf('=');
        if (eq < 0)
        {
            throw new FormatException($"invalid ulimit argument: {value}");
        }

        var name = value[..eq];
        if (!s_ulimitNames.Contains(name))
        {
            throw new FormatException($"invalid ulimit type: {name}");
        }

        var limits = value[(eq + 1)..].Split(':', 2);
        var soft = UnitParsers.ParseInt(limits[0]);
        var hard = limits.Length == 2 ? UnitParsers.ParseInt(limits[1]) : soft;
        if (hard != -1 && soft > hard)
        {
            throw new FormatException($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        }

        return new JsonObject { ["Name"] = name, ["Hard"] = hard, ["Soft"] = soft };
    }

    /// <summary>opts.ValidateExtraHost: "host:ip" or "host=ip"; sent as "host:ip".</summary>
    private static string ValidateExtraHost(string value)
    {
        var sep = value.IndexOf('=');
        if (sep < 0)
        {
            sep = value.IndexOf(':');
        }

        if (sep <= 0 || sep == value.Length - 1)
        {
            throw FlagException("add-host", null, value, $"bad format for add-host: \"{value}\"");
        }

        return value[..sep] + ":" + value[(sep + 1)..];
    }
}
