using System.Text;

namespace Berth.Client;

/// <summary>Query string builder for Engine API requests, in insertion order.</summary>
public sealed class EngineQuery
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public int Count => _items.Count;

    public EngineQuery Add(string name, string value)
    {
        _items.Add(new(name, value));
        return this;
    }

    /// <summary>Adds <c>name=1</c> when <paramref name="value"/> is true, as the docker client does.</summary>
    public EngineQuery AddFlag(string name, bool value)
    {
        if (value)
        {
            _items.Add(new(name, "1"));
        }

        return this;
    }

    public EngineQuery AddIfNotEmpty(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _items.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds <c>filters={"k":["v",...]}</c> unless there are none.</summary>
    public EngineQuery AddFilters(FilterArgs? filters)
    {
        if (filters is { Count: > 0 })
        {
            _items.Add(new("filters", filters.ToJson()));
        }

        return this;
    }

    public override string ToString()
    {
        if (_items.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var (name, value) in _items)
        {
            sb.Append(sb.Length == 0 ? '?' : '&');
            sb.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return sb.ToString();
    }
}
