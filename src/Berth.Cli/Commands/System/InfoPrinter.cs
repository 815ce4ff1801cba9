using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.System;

/// <summary>The Server section of docker info, line for line (fmt.Fprintln spacing included).</summary>
internal static class InfoPrinter
{
    public static void PrintServer(TextWriter o, JsonObject info, bool clientDebug)
    {
        Line(o, " Containers:", V(info, "Containers"));
        Line(o, "  Running:", V(info, "ContainersRunning"));
        Line(o, "  Paused:", V(info, "ContainersPaused"));
        Line(o, "  Stopped:", V(info, "ContainersStopped"));
        Line(o, " Images:", V(info, "Images"));
        NonEmpty(o, " Server Version:", V(info, "ServerVersion"));
        NonEmpty(o, " Storage Driver:", V(info, "Driver"));
        foreach (var pair in Array(info, "DriverStatus"))
        {
            o.Write($"  {pair?[0]}: {pair?[1]}\n");
        }

        foreach (var pair in Array(info, "SystemStatus"))
        {
            o.Write($" {pair?[0]}: {pair?[1]}\n");
        }

        NonEmpty(o, " Logging Driver:", V(info, "LoggingDriver"));
        NonEmpty(o, " Cgroup Driver:", V(info, "CgroupDriver"));
        NonEmpty(o, " Cgroup Version:", V(info, "CgroupVersion"));
        o.Write(" Plugins:\n");
        var plugins = info["Plugins"] as JsonObject ?? [];
        Line(o, "  Volume:", Join(plugins, "Volume"));
        Line(o, "  Network:", Join(plugins, "Network"));
        if (Array(plugins, "Authorization").Count > 0)
        {
            Line(o, "  Authorization:", Join(plugins, "Authorization"));
        }

        Line(o, "  Log:", Join(plugins, "Log"));
        if (Array(info, "CDISpecDirs") is { Count: > 0 } cdi)
        {
            o.Write(" CDI spec directories:\n");
            foreach (var dir in cdi)
            {
                o.Write($"  {dir}\n");
            }
        }

        Line(o, " Swarm:", V(info["Swarm"], "LocalNodeState"));
        if (info["Runtimes"] is JsonObject { Count: > 0 } runtimes)
        {
            Line(o, " Runtimes:", string.Join(" ", runtimes.Select(r => r.Key)));
            Line(o, " Default Runtime:", V(info, "DefaultRuntime"));
        }

        if (V(info, "OSType") == "linux")
        {
            Line(o, " Init Binary:", V(info, "InitBinary"));
            Line(o, " containerd version:", V(info["ContainerdCommit"], "ID"));
            Line(o, " runc version:", V(info["RuncCommit"], "ID"));
            Line(o, " init version:", V(info["InitCommit"], "ID"));
            PrintSecurityOptions(o, Array(info, "SecurityOptions"));
        }

        NonEmpty(o, " Kernel Version:", V(info, "KernelVersion"));
        NonEmpty(o, " Operating System:", V(info, "OperatingSystem"));
        NonEmpty(o, " OSType:", V(info, "OSType"));
        NonEmpty(o, " Architecture:", V(info, "Architecture"));
        Line(o, " CPUs:", V(info, "NCPU"));
        Line(o, " Total Memory:", HumanUnits.BytesSize(info["MemTotal"] is JsonValue m && m.TryGetValue<long>(out var mem) ? mem : 0));
        NonEmpty(o, " Name:", V(info, "Name"));
        NonEmpty(o, " ID:", V(info, "ID"));
        Line(o, " Docker Root Dir:", V(info, "DockerRootDir"));
        var debug = V(info, "Debug");
        Line(o, " Debug Mode:", debug.Length == 0 ? "false" : debug);
        if (debug == "true" || clientDebug)
        {
            Line(o, "  File Descriptors:", V(info, "NFd"));
            Line(o, "  Goroutines:", V(info, "NGoroutines"));
            Line(o, "  System Time:", V(info, "SystemTime"));
            Line(o, "  EventsListeners:", V(info, "NEventsListener"));
        }

        NonEmpty(o, " HTTP Proxy:", V(info, "HttpProxy"));
        NonEmpty(o, " HTTPS Proxy:", V(info, "HttpsProxy"));
        NonEmpty(o, " No Proxy:", V(info, "NoProxy"));
        if (Array(info, "Labels") is { Count: > 0 } labels)
        {
            o.Write(" Labels:\n");
            foreach (var label in labels)
            {
                o.Write($"  {label}\n");
            }
        }

        var experimental = V(info, "ExperimentalBuild");
        Line(o, " Experimental:", experimental.Length == 0 ? "false" : experimental);
        PrintRegistries(o, info["RegistryConfig"] as JsonObject);
        var liveRestore = V(info, "LiveRestoreEnabled");
        Line(o, " Live Restore Enabled:", liveRestore.Length == 0 ? "false" : liveRestore);
        if (V(info, "ProductLicense") is { Length: > 0 } license)
        {
            Line(o, " Product License:", license);
        }

        if (Array(info, "DefaultAddressPools") is { Count: > 0 } pools)
        {
            o.Write(" Default Address Pools:\n");
            foreach (var pool in pools)
            {
                o.Write($"   Base: {V(pool, "Base")}, Size: {V(pool, "Size")}\n");
            }
        }

        o.Write('\n');
    }

    // "name=seccomp,profile=builtin" entries.
    private static void PrintSecurityOptions(TextWriter o, JsonArray options)
    {
        if (options.Count == 0)
        {
            return;
        }

        o.Write(" Security Options:\n");
        foreach (var option in options)
        {
            var fields = (option?.ToString() ?? string.Empty).Split(',');
            foreach (var field in fields)
            {
                var kv = field.Split('=', 2);
                if (kv.Length == 2 && kv[0] == "name")
                {
                    o.Write($"  {kv[1]}\n");
                }
                else if (kv.Length == 2 && kv[0] == "profile")
                {
                    o.Write($"   Profile: {kv[1]}\n");
                }
            }
        }
    }

    private static void PrintRegistries(TextWriter o, JsonObject? registry)
    {
        if (registry is null)
        {
            return;
        }

        var cidrs = Array(registry, "InsecureRegistryCIDRs");
        var indexes = registry["IndexConfigs"] as JsonObject ?? [];
        if (cidrs.Count > 0 || indexes.Count > 0)
        {
            o.Write(" Insecure Registries:\n");
            foreach (var (_, index) in indexes)
            {
                if (V(index, "Secure") != "true")
                {
                    o.Write($"  {V(index, "Name")}\n");
                }
            }

            foreach (var cidr in cidrs)
            {
                o.Write($"  {cidr}\n");
            }
        }

        if (Array(registry, "Mirrors") is { Count: > 0 } mirrors)
        {
            o.Write(" Registry Mirrors:\n");
            foreach (var mirror in mirrors)
            {
                o.Write($"  {mirror}\n");
            }
        }
    }

    private static void Line(TextWriter o, string label, string value) => o.Write(label + " " + value + "\n");

    private static void NonEmpty(TextWriter o, string label, string value)
    {
        if (value.Length > 0)
        {
            Line(o, label, value);
        }
    }

    private static string Join(JsonObject obj, string key) => string.Join(" ", Array(obj, key).Select(n => n?.ToString()));

    private static JsonArray Array(JsonNode? obj, string key) => obj?[key] as JsonArray ?? [];

    private static string V(JsonNode? obj, string key) => obj?[key] switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        var n => n.ToString(),
    };
}
