using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Errors;
using Berth.Images.Filters;

namespace Berth.Images.Model;

/// <summary>
/// Read-only view over a Docker/OCI image config. The raw bytes are kept as given: the image ID is
/// their digest, so a loaded config is never re-serialised.
/// </summary>
internal sealed class ImageConfig
{
    private ImageConfig(ReadOnlyMemory<byte> raw, JsonObject root)
    {
        Raw = raw;
        Root = root;
    }

    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>A parsed copy; mutate it only to build a new config (commit).</summary>
    public JsonObject Root { get; }

    public static ImageConfig Parse(ReadOnlyMemory<byte> raw)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(raw.Span);
        }
        catch (JsonException ex)
        {
            throw EngineException.InvalidArgument($"invalid image config: {ex.Message}");
        }

        return node is JsonObject root
            ? new ImageConfig(raw, root)
            : throw EngineException.InvalidArgument("invalid image config: not a JSON object");
    }

    public IReadOnlyList<string> DiffIds
    {
        get
        {
            var ids = Root["rootfs"]?["diff_ids"] as JsonArray;
            return ids is null ? [] : ids.Select(n => n?.GetValue<string>() ?? throw EngineException.InvalidArgument("invalid image config: null diff_id")).ToArray();
        }
    }

    public DateTimeOffset Created => Rfc3339.TryParse(GetString(Root, "created"), out var t) ? t : DateTimeOffset.UnixEpoch;

    public string Os => GetString(Root, "os") ?? "linux";

    public string Architecture => GetString(Root, "architecture") ?? string.Empty;

    public IReadOnlyDictionary<string, string> Labels
    {
        get
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Root["config"]?["Labels"] is JsonObject obj)
            {
                foreach (var (key, value) in obj)
                {
                    labels[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
                }
            }

            return labels;
        }
    }

    public IReadOnlyList<HistoryItem> History
    {
        get
        {
            if (Root["history"] is not JsonArray items)
            {
                return [];
            }

            var result = new List<HistoryItem>(items.Count);
            foreach (var item in items.OfType<JsonObject>())
            {
                var created = Rfc3339.TryParse(GetString(item, "created"), out var t) ? t : (DateTimeOffset?)null;
                var empty = item["empty_layer"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
                result.Add(new HistoryItem(created, GetString(item, "created_by") ?? string.Empty, GetString(item, "comment") ?? string.Empty, empty));
            }

            return result;
        }
    }

    private static string? GetString(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

internal sealed record HistoryItem(DateTimeOffset? Created, string CreatedBy, string Comment, bool EmptyLayer);
