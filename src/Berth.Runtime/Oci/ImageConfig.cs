using System.Text.Json;

namespace Berth.Runtime.Oci;

/// <summary>The run-relevant part of an image config's "config" object.</summary>
internal sealed record ImageConfig(
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    string? User,
    string? StopSignal,
    IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> Labels)
{
    public static ImageConfig Empty { get; } = new(null, null, [], null, null, null, [], [], new Dictionary<string, string>());

    public static ImageConfig Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return Empty;
        }
        using var doc = JsonDocument.Parse(json.ToArray());
        if (!doc.RootElement.TryGetProperty("config", out JsonElement c) || c.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }
        return new ImageConfig(
            StringList(c, "Cmd"),
            StringList(c, "Entrypoint"),
            StringList(c, "Env") ?? [],
            NonEmpty(c, "WorkingDir"),
            NonEmpty(c, "User"),
            NonEmpty(c, "StopSignal"),
            Keys(c, "ExposedPorts"),
            Keys(c, "Volumes"),
            ReadLabels(c));
    }

    private static List<string>? StringList(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : null;

    private static string? NonEmpty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s : null;

    private static List<string> Keys(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Object
            ? e.EnumerateObject().Select(p => p.Name).ToList()
            : [];

    private static Dictionary<string, string> ReadLabels(JsonElement obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.TryGetProperty("Labels", out JsonElement e) && e.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in e.EnumerateObject())
            {
                result[p.Name] = p.Value.GetString() ?? "";
            }
        }
        return result;
    }
}
