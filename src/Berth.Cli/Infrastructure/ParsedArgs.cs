namespace Berth.Cli.Infrastructure;

/// <summary>Result of flag parsing: values by long flag name, and positional arguments.</summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public bool HelpRequested { get; set; }

    public void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            list = [];
            _values[name] = list;
        }

        list.Add(value);
    }

    public bool IsSet(string name) => _values.ContainsKey(name);

    public bool Bool(string name) => _values.TryGetValue(name, out var v) && v[^1] == "true";

    public string? String(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> List(string name) => _values.TryGetValue(name, out var v) ? v : [];
}
