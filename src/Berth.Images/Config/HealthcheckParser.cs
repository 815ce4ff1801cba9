using System.Text.Json.Nodes;
using Berth.Core.Errors;
using Berth.Core.Text;

namespace Berth.Images.Config;

/// <summary>HEALTHCHECK [--interval=.. --timeout=.. --start-period=.. --start-interval=.. --retries=..] CMD ... | NONE.</summary>
internal static class HealthcheckParser
{
    public static JsonObject Parse(string args)
    {
        var rest = args.Trim();
        var result = new JsonObject();
        var durations = new Dictionary<string, long>();
        long retries = 0;
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var space = rest.IndexOfAny([' ', '\t']);
            var flag = space < 0 ? rest : rest[..space];
            rest = space < 0 ? string.Empty : rest[space..].TrimStart();
            var eq = flag.IndexOf('=');
            var name = eq < 0 ? flag[2..] : flag[2..eq];
            var value = eq < 0 ? string.Empty : flag[(eq + 1)..];
            switch (name)
            {
                case "interval" or "timeout" or "start-period" or "start-interval":
                    if (!GoDuration.TryParse(value, out var d))
                    {
                        throw EngineException.InvalidArgument($"time: invalid duration \"{value}\"");
                    }

                    durations[name] = GoDuration.ToNanoseconds(d);
                    break;
                case "retries":
                    if (!long.TryParse(value, out retries))
                    {
                        throw EngineException.InvalidArgument($"strconv.ParseInt: parsing \"{value}\": invalid syntax");
                    }

                    break;
                default:
                    throw EngineException.InvalidArgument($"Unknown flag: {name}");
            }
        }

        var typeEnd = rest.IndexOfAny([' ', '\t']);
        var type = (typeEnd < 0 ? rest : rest[..typeEnd]).ToUpperInvariant();
        var command = typeEnd < 0 ? string.Empty : rest[typeEnd..].Trim();
        if (type == "NONE")
        {
            if (command.Length > 0 || durations.Count > 0 || retries != 0)
            {
                throw EngineException.InvalidArgument("HEALTHCHECK NONE takes no arguments");
            }

            result["Test"] = new JsonArray("NONE");
            return result;
        }

        if (type != "CMD")
        {
            throw EngineException.InvalidArgument($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        }

        var exec = ChangeParser.TryJsonStrings(command);
        result["Test"] = exec is not null
            ? new JsonArray(exec.Prepend("CMD").Select(s => (JsonNode?)JsonValue.Create(s)).ToArray())
            : new JsonArray("CMD-SHELL", command);
        foreach (var (flag, field) in new[] { ("interval", "Interval"), ("timeout", "Timeout"), ("start-period", "StartPeriod"), ("start-interval", "StartInterval") })
        {
            if (durations.TryGetValue(flag, out var ns) && ns != 0)
            {
                result[field] = ns;
            }
        }

        if (retries != 0)
        {
            result["Retries"] = retries;
        }

        return result;
    }
}
