using Berth.Core.Errors;
using Berth.Core.Events;

namespace Berth.Api.Events;

/// <summary>/events filters as dockerd applies them: values of one key are OR-ed, keys are AND-ed.</summary>
internal sealed class EventFilter
{
    private static readonly HashSet<string> KnownKeys =
    [
        "type", "event", "image", "container", "label", "network", "volume", "daemon", "scope",
        "plugin", "node", "service", "secret", "config",
    ];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _filters;

    public EventFilter(IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        foreach (var key in filters.Keys)
        {
            if (!KnownKeys.Contains(key))
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }
        }

        _filters = filters;
    }

    public bool Matches(EngineEvent e) =>
        Match("type", v => v == e.Type)
        && Match("event", v => v == e.Action || e.Action.StartsWith(v + ":", StringComparison.Ordinal))
        && Match("scope", v => v == "local")
        && Match("container", v => e.Type == "container" && NamesActor(e, v))
        && Match("image", v => e.Type == "image" ? NamesActor(e, v) : Attribute(e, "image") == v)
        && Match("network", v => e.Type == "network" && NamesActor(e, v))
        && Match("volume", v => e.Type == "volume" && NamesActor(e, v))
        && Match("daemon", v => e.Type == "daemon" && NamesActor(e, v))
        && Match("label", v => HasLabel(e, v))
        && Match("plugin", v => e.Type == "plugin" && NamesActor(e, v))
        && Match("node", _ => false)
        && Match("service", _ => false)
        && Match("secret", _ => false)
        && Match("config", _ => false);

    private bool Match(string key, Func<string, bool> predicate) =>
        !_filters.TryGetValue(key, out var values) || values.Count == 0 || values.Any(predicate);

    private static bool NamesActor(EngineEvent e, string value) =>
        e.ActorId == value
        || (value.Length >= 3 && e.ActorId.StartsWith(value, StringComparison.Ordinal))
        || (value.StartsWith("sha256:", StringComparison.Ordinal) && e.ActorId == value)
        || Attribute(e, "name") == value;

    private static string? Attribute(EngineEvent e, string key) =>
        e.Attributes.TryGetValue(key, out var value) ? value : null;

    private static bool HasLabel(EngineEvent e, string filter)
    {
        var eq = filter.IndexOf('=');
        return eq < 0
            ? e.Attributes.ContainsKey(filter)
            : Attribute(e, filter[..eq]) == filter[(eq + 1)..];
    }
}
