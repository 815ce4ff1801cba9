using Berth.Core.Errors;

namespace Berth.Images.Filters;

/// <summary>Docker's filters.Args helpers over the decoded `filters` query parameter, with its error wording.</summary>
internal static class FilterArgs
{
    public static void Validate(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, params string[] accepted)
    {
        foreach (var key in filters.Keys)
        {
            if (Array.IndexOf(accepted, key) < 0)
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }
        }
    }

    public static bool Contains(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string key) => filters.ContainsKey(key);

    public static IReadOnlyList<string> Get(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string key) =>
        filters.TryGetValue(key, out var values) ? values : [];

    /// <summary>"true"/"1" or "false"/"0"; anything else (or both) is "invalid filter 'key=values'".</summary>
    public static bool GetBoolOrDefault(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string key, bool defaultValue)
    {
        if (!filters.TryGetValue(key, out var values))
        {
            return defaultValue;
        }

        if (values.Count == 0)
        {
            throw EngineException.InvalidArgument($"invalid filter '{key}'");
        }

        var isFalse = values.Any(v => v is "0" or "false");
        var isTrue = values.Any(v => v is "1" or "true");
        if (isFalse == isTrue)
        {
            throw EngineException.InvalidArgument($"invalid filter '{key}={string.Join(',', values)}'");
        }

        return isTrue;
    }

    /// <summary>Every "key" or "key=value" under <paramref name="key"/> must hold in <paramref name="labels"/>; true when the filter is absent.</summary>
    public static bool MatchKeyValueList(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string key, IReadOnlyDictionary<string, string> labels)
    {
        if (!filters.TryGetValue(key, out var values) || values.Count == 0)
        {
            return true;
        }

        if (labels.Count == 0)
        {
            return false;
        }

        foreach (var condition in values)
        {
            var eq = condition.IndexOf('=');
            var name = eq < 0 ? condition : condition[..eq];
            if (!labels.TryGetValue(name, out var actual))
            {
                return false;
            }

            if (eq >= 0 && actual != condition[(eq + 1)..])
            {
                return false;
            }
        }

        return true;
    }
}
