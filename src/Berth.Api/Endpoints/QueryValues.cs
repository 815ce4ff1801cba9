using System.Globalization;
using System.Text.Json;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Endpoints;

/// <summary>Query-string values parsed the way dockerd parses them.</summary>
internal static class QueryValues
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFilters =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Docker's boolValue: absent, "", "0", "no", "false" and "none" are false; anything else true.</summary>
    public static bool Bool(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString().Trim();
        return value.Length != 0
            && !value.Equals("0", StringComparison.Ordinal)
            && !value.Equals("no", StringComparison.OrdinalIgnoreCase)
            && !value.Equals("false", StringComparison.OrdinalIgnoreCase)
            && !value.Equals("none", StringComparison.OrdinalIgnoreCase);
    }

    public static string? String(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static IReadOnlyList<string> All(HttpRequest request, string name) =>
        request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();

    /// <summary>
    /// The "filters" parameter: {"key":{"value":true}} (current) or {"key":["value"]} (API &lt; 1.22).
    /// Anything else is a 400, as in dockerd.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Filters(HttpRequest request)
    {
        var text = request.Query["filters"].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return NoFilters;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw InvalidFilters("the filters must be a JSON object");
            }

            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = FilterValues(property.Name, property.Value);
            }

            return result;
        }
        catch (JsonException ex)
        {
            throw InvalidFilters(ex.Message);
        }
    }

    private static List<string> FilterValues(string key, JsonElement value)
    {
        var values = new List<string>();
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var item in value.EnumerateObject())
                {
                    if (item.Value.ValueKind == JsonValueKind.True)
                    {
                        values.Add(item.Name);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    values.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw InvalidFilters($"invalid value for filter '{key}'"));
                }

                break;
            default:
                throw InvalidFilters($"invalid value for filter '{key}'");
        }

        return values;
    }

    /// <summary>A since/until timestamp: unix seconds with an optional fraction, or RFC 3339.</summary>
    public static DateTimeOffset? Timestamp(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            var ticks = (long)(seconds * TimeSpan.TicksPerSecond);
            return DateTimeOffset.UnixEpoch.AddTicks(ticks);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw EngineException.InvalidArgument($"invalid value for {name}: \"{text}\" is not a unix timestamp");
    }

    private static EngineException InvalidFilters(string detail) =>
        EngineException.InvalidArgument("invalid filters: " + detail);
}
