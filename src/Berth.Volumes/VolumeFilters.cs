using System.Text.RegularExpressions;
using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>Docker's filters.Args semantics for volumes (volume/service/convert.go, by.go).</summary>
internal sealed class VolumeFilters
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _filters;

    private VolumeFilters(IReadOnlyDictionary<string, IReadOnlyList<string>> filters) => _filters = filters;

    public static VolumeFilters Create(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, params string[] accepted)
    {
        foreach (string key in filters.Keys)
        {
            if (!accepted.Contains(key))
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }
        }
        return new VolumeFilters(filters);
    }

    public bool Contains(string key) => _filters.TryGetValue(key, out var v) && v.Count > 0;

    public IReadOnlyList<string> Get(string key) => _filters.TryGetValue(key, out var v) ? v : [];

    /// <summary>filters.GetBoolOrDefault: true|1 / false|0; both or something else is an invalid filter.</summary>
    public bool? GetBool(string key)
    {
        if (!_filters.TryGetValue(key, out var values))
        {
            return null;
        }
        bool isTrue = values.Contains("true") || values.Contains("1");
        bool isFalse = values.Contains("false") || values.Contains("0");
        if (isTrue == isFalse)
        {
            throw EngineException.InvalidArgument($"invalid filter '{key}={string.Join(",", values)}'");
        }
        return isTrue;
    }

    public bool Matches(VolumeRecord v, bool referenced)
    {
        if (Contains("driver") && !Get("driver").Contains(VolumeNames.LocalDriver))
        {
            return false;
        }
        if (Contains("name") && !Get("name").Any(pattern => NameMatches(pattern, v.Name)))
        {
            return false;
        }
        if (Contains("label") && !Get("label").All(l => LabelMatches(l, v.Labels)))
        {
            return false;
        }
        if (Contains("label!") && Get("label!").All(l => LabelMatches(l, v.Labels)))
        {
            return false;
        }
        if (GetBool("dangling") is { } dangling && referenced == dangling)
        {
            return false;
        }
        return true;
    }

    // filters.Match: exact, else an unanchored regular expression (invalid patterns never match).
    private static bool NameMatches(string pattern, string name)
    {
        if (pattern == name)
        {
            return true;
        }
        try
        {
            return Regex.IsMatch(name, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool LabelMatches(string filter, IReadOnlyDictionary<string, string> labels)
    {
        int eq = filter.IndexOf('=');
        return eq < 0
            ? labels.ContainsKey(filter)
            : labels.TryGetValue(filter[..eq], out string? value) && value == filter[(eq + 1)..];
    }
}
