using System.Text.Json.Nodes;

namespace Berth.Cli.Commands.Networks;

/// <summary>docker's map and label flags: "key=value", or a bare "key" with an empty value.</summary>
internal static class KeyValues
{
    public static JsonObject Map(IReadOnlyList<string> values)
    {
        var map = new JsonObject();
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var (key, text) = equals < 0 ? (value, "") : (value[..equals], value[(equals + 1)..]);
            map[key] = text;
        }

        return map;
    }
}
