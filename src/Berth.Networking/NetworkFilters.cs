using System.Globalization;
using Berth.Core.Errors;
using Berth.Core.Networks;

namespace Berth.Networking;

/// <summary>Docker's network list and prune filters. Values of one key are ORed, keys are ANDed.</summary>
internal static class NetworkFilters
{
    private static readonly HashSet<string> ListKeys = ["driver", "id", "label", "name", "scope", "type", "dangling"];
    private static readonly HashSet<string> PruneKeys = ["until", "label", "label!"];

    public static bool Matches(NetworkInfo n, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        foreach (var (key, values) in filters)
        {
            if (!ListKeys.Contains(key))
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }

            if (values.Count == 0)
            {
                continue;
            }

            bool ok = key switch
            {
                "driver" => values.Contains(n.Driver),
                "id" => values.Any(v => n.Id.StartsWith(v, StringComparison.Ordinal)),
                "name" => values.Any(v => n.Name.Contains(v, StringComparison.Ordinal)),
                "scope" => values.Contains(n.Scope),
                "label" => values.All(v => HasLabel(n, v)),
                "type" => values.Any(v => v switch
                {
                    "custom" => !n.Predefined,
                    "builtin" => n.Predefined,
                    _ => throw EngineException.InvalidArgument($"invalid filter: 'type'='{v}'"),
                }),
                "dangling" => values.Any(v => v switch
                {
                    "true" or "1" => !n.Predefined && n.Containers.Count == 0,
                    "false" or "0" => n.Predefined || n.Containers.Count > 0,
                    _ => throw EngineException.InvalidArgument($"invalid filter 'dangling={v}'"),
                }),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static bool MatchesPrune(NetworkInfo n, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        foreach (var (key, values) in filters)
        {
            if (!PruneKeys.Contains(key))
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }

            bool ok = key switch
            {
                "until" => values.All(v => n.Created < ParseUntil(v)),
                "label" => values.All(v => HasLabel(n, v)),
                "label!" => values.All(v => !HasLabel(n, v)),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasLabel(NetworkInfo n, string filter)
    {
        int equals = filter.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? n.Labels.ContainsKey(filter)
            : n.Labels.TryGetValue(filter[..equals], out var value) && value == filter[(equals + 1)..];
    }

    /// <summary>Unix seconds, RFC 3339 timestamps, or durations like "24h"/"30m" before now.</summary>
    private static DateTimeOffset ParseUntil(string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        if (value.Length > 1 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
        {
            var span = value[^1] switch
            {
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                's' => TimeSpan.FromSeconds(amount),
                _ => throw EngineException.InvalidArgument($"invalid filter 'until={value}'"),
            };
            return DateTimeOffset.UtcNow - span;
        }

        throw EngineException.InvalidArgument($"invalid filter 'until={value}'");
    }
}
