using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Errors;

namespace Berth.Images.Config;

/// <summary>
/// Applies Dockerfile-style `--change` lines (import, commit) to a container config object, as
/// Docker's dockerfile.BuildFromConfig does. Only the commit-safe instructions are allowed; others
/// fail with "&lt;instr&gt; is not a valid change command". Variable expansion is not performed.
/// </summary>
internal static class ChangeParser
{
    public static void Apply(JsonObject config, IReadOnlyList<string> changes)
    {
        var parsed = new List<(string Instruction, string Args)>();
        foreach (var line in changes.SelectMany(c => c.Split('\n')))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var space = trimmed.IndexOfAny([' ', '\t']);
            var instruction = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
            if (instruction is not ("cmd" or "entrypoint" or "env" or "expose" or "healthcheck" or "label" or "onbuild" or "stopsignal" or "user" or "volume" or "workdir"))
            {
                throw EngineException.InvalidArgument($"{instruction} is not a valid change command");
            }

            parsed.Add((instruction, space < 0 ? string.Empty : trimmed[(space + 1)..].Trim()));
        }

        var cmdSet = false;
        foreach (var (instruction, args) in parsed)
        {
            var upper = instruction.ToUpperInvariant();
            if (args.Length == 0)
            {
                throw EngineException.InvalidArgument($"{upper} requires at least one argument");
            }

            switch (instruction)
            {
                case "cmd":
                    config["Cmd"] = Command(config, args);
                    cmdSet = true;
                    break;
                case "entrypoint":
                    config["Entrypoint"] = Command(config, args);
                    if (!cmdSet)
                    {
                        config.Remove("Cmd");
                    }

                    break;
                case "env":
                    ApplyEnv(config, ShellWords.NameValues(upper, args));
                    break;
                case "label":
                    var labels = Object(config, "Labels");
                    foreach (var (key, value) in ShellWords.NameValues(upper, args))
                    {
                        labels[key] = value;
                    }

                    break;
                case "expose":
                    var ports = Object(config, "ExposedPorts");
                    foreach (var port in ShellWords.Split(args).SelectMany(ExpandPort))
                    {
                        ports[port] = new JsonObject();
                    }

                    break;
                case "volume":
                    var volumes = Object(config, "Volumes");
                    foreach (var volume in JsonArrayOrWords(args))
                    {
                        if (volume.Trim().Length == 0)
                        {
                            throw EngineException.InvalidArgument("VOLUME specified can not be an empty string");
                        }

                        volumes[volume] = new JsonObject();
                    }

                    break;
                case "workdir":
                    config["WorkingDir"] = Workdir(config["WorkingDir"]?.GetValue<string>() ?? string.Empty, string.Join(' ', ShellWords.Split(args)));
                    break;
                case "user":
                    config["User"] = string.Join(' ', ShellWords.Split(args));
                    break;
                case "stopsignal":
                    config["StopSignal"] = string.Join(' ', ShellWords.Split(args));
                    break;
                case "onbuild":
                    var trigger = args.Split([' ', '\t'], 2)[0].ToUpperInvariant();
                    if (trigger == "ONBUILD")
                    {
                        throw EngineException.InvalidArgument("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                    }

                    if (trigger is "FROM" or "MAINTAINER")
                    {
                        throw EngineException.InvalidArgument($"{trigger} isn't allowed as an ONBUILD trigger");
                    }

                    Array(config, "OnBuild").Add((JsonNode)args);
                    break;
                case "healthcheck":
                    config["Healthcheck"] = HealthcheckParser.Parse(args);
                    break;
            }
        }
    }

    /// <summary>JSON (exec) form when the arguments are a JSON string array, else shell form via the config's Shell.</summary>
    internal static JsonArray Command(JsonObject config, string args)
    {
        if (TryJsonStrings(args) is { } exec)
        {
            return new JsonArray(exec.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }

        var shell = config["Shell"] is JsonArray s && s.Count > 0
            ? s.Select(n => n?.GetValue<string>() ?? string.Empty).ToArray()
            : ["/bin/sh", "-c"];
        return new JsonArray(shell.Append(args).Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
    }

    internal static string[]? TryJsonStrings(string args)
    {
        if (!args.StartsWith('['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(args) is JsonArray array && array.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                ? array.Select(n => n!.GetValue<string>()).ToArray()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<string> JsonArrayOrWords(string args) => TryJsonStrings(args) ?? (IEnumerable<string>)ShellWords.Split(args);

    private static void ApplyEnv(JsonObject config, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var env = Array(config, "Env");
        foreach (var (key, value) in pairs)
        {
            var entry = key + "=" + value;
            var index = -1;
            for (var i = 0; i < env.Count; i++)
            {
                var existing = env[i]?.GetValue<string>() ?? string.Empty;
                if (existing == key || existing.StartsWith(key + "=", StringComparison.Ordinal))
                {
                    index = i;
                    break;
                }
            }

            if (index >= 0)
            {
                env[index] = entry;
            }
            else
            {
                env.Add((JsonNode)entry);
            }
        }
    }

    private static IEnumerable<string> ExpandPort(string spec)
    {
        var slash = spec.IndexOf('/');
        var proto = slash < 0 ? "tcp" : spec[(slash + 1)..].ToLowerInvariant();
        var range = slash < 0 ? spec : spec[..slash];
        var dash = range.IndexOf('-');
        if (!ushort.TryParse(dash < 0 ? range : range[..dash], out var start)
            || !ushort.TryParse(dash < 0 ? range : range[(dash + 1)..], out var end) || end < start || start == 0)
        {
            throw EngineException.InvalidArgument($"invalid containerPort: {range}");
        }

        if (proto is not ("tcp" or "udp" or "sctp"))
        {
            throw EngineException.InvalidArgument($"invalid proto: {proto}");
        }

        for (var port = (int)start; port <= end; port++)
        {
            yield return $"{port}/{proto}";
        }
    }

    /// <summary>Relative WORKDIRs are joined onto the current one; the result is a cleaned absolute path.</summary>
    private static string Workdir(string current, string requested)
    {
        var path = requested.StartsWith('/') ? requested : "/" + current.TrimStart('/') + "/" + requested;
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    private static JsonObject Object(JsonObject config, string name)
    {
        if (config[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        config[name] = created;
        return created;
    }

    private static JsonArray Array(JsonObject config, string name)
    {
        if (config[name] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        config[name] = created;
        return created;
    }
}
