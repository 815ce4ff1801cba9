using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Images.Filters;
using Berth.Images.Model;

namespace Berth.Images.Config;

/// <summary>
/// Builds new image configs (import, commit) as Docker writes them: top-level keys sorted (Docker
/// marshals the image through a map), timestamps in RFC 3339 with nanoseconds, no indentation.
/// </summary>
internal static class ConfigBuilder
{
    public static byte[] Serialize(JsonObject root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in root.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static JsonObject Import(string os, string architecture, string? variant, DateTimeOffset created, string comment, string diffId, JsonObject config)
    {
        var root = new JsonObject
        {
            ["architecture"] = architecture,
            ["comment"] = comment,
            ["config"] = config,
            ["created"] = Rfc3339.Format(created),
            ["history"] = new JsonArray(new JsonObject { ["created"] = Rfc3339.Format(created), ["comment"] = comment }),
            ["os"] = os,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        };
        if (variant is not null)
        {
            root["variant"] = variant;
        }

        return root;
    }

    /// <summary>
    /// Docker's NewChildImage: platform, rootfs and history come from the base (none for scratch);
    /// the container config, author and created are new; one history entry is appended.
    /// </summary>
    public static JsonObject Child(ImageConfig? baseConfig, JsonObject config, DateTimeOffset created, string? author, string? comment, string createdBy, string? newDiffId)
    {
        var root = new JsonObject();
        var baseRoot = baseConfig?.Root;
        foreach (var inherited in new[] { "architecture", "variant", "os", "os.version", "os.features" })
        {
            if (baseRoot?[inherited] is { } value)
            {
                root[inherited] = value.DeepClone();
            }
        }

        root["architecture"] ??= HostPlatform.Architecture;
        root["os"] ??= "linux";
        root["config"] = config;
        root["created"] = Rfc3339.Format(created);
        if (!string.IsNullOrEmpty(author))
        {
            root["author"] = author;
        }

        var diffIds = baseRoot?["rootfs"]?["diff_ids"]?.DeepClone() as JsonArray ?? new JsonArray();
        if (newDiffId is not null)
        {
            diffIds.Add((JsonNode)newDiffId);
        }

        root["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds };

        var history = baseRoot?["history"]?.DeepClone() as JsonArray ?? new JsonArray();
        var entry = new JsonObject { ["created"] = Rfc3339.Format(created) };
        if (!string.IsNullOrEmpty(author))
        {
            entry["author"] = author;
        }

        if (!string.IsNullOrEmpty(createdBy))
        {
            entry["created_by"] = createdBy;
        }

        if (!string.IsNullOrEmpty(comment))
        {
            entry["comment"] = comment;
        }

        if (newDiffId is null)
        {
            entry["empty_layer"] = true;
        }

        history.Add((JsonNode)entry);
        root["history"] = history;
        return root;
    }

    /// <summary>Copies each top-level field of a Docker "Config" JSON object over <paramref name="target"/>.</summary>
    public static void Override(JsonObject target, ReadOnlyMemory<byte> overrides)
    {
        if (overrides.IsEmpty)
        {
            return;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(overrides.Span);
        }
        catch (JsonException ex)
        {
            throw Berth.Core.Errors.EngineException.InvalidArgument($"invalid config: {ex.Message}");
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        // A null field is "not named" (Docker's merge keeps the base value for zero fields).
        foreach (var (key, value) in obj.ToArray())
        {
            if (value is not null)
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
