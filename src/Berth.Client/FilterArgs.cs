using System.Text;
using System.Text.Json;

namespace Berth.Client;

/// <summary>Engine API filters, serialized as <c>{"key":["value",...]}</c>.</summary>
public sealed class FilterArgs
{
    private readonly SortedDictionary<string, List<string>> _filters = new(StringComparer.Ordinal);

    public int Count => _filters.Count;

    public IEnumerable<string> Keys => _filters.Keys;

    public FilterArgs Add(string key, string value)
    {
        if (!_filters.TryGetValue(key, out var values))
        {
            values = [];
            _filters[key] = values;
        }

        if (!values.Contains(value))
        {
            values.Add(value);
        }

        return this;
    }

    /// <summary>Parses a CLI <c>key=value</c> filter; docker's message on a missing '='.</summary>
    public FilterArgs AddCliFilter(string arg)
    {
        var eq = arg.IndexOf('=');
        if (eq <= 0)
        {
            throw new FormatException($"bad format of filter (expected name=value)");
        }

        return Add(arg[..eq].Trim().ToLowerInvariant(), arg[(eq + 1)..].Trim());
    }

    public IReadOnlyList<string> Get(string key) => _filters.TryGetValue(key, out var v) ? v : [];

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, values) in _filters)
            {
                writer.WriteStartArray(key);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
