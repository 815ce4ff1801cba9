using System.Text.Json;
using Berth.Api.Images;
using Berth.Api.Versioning;
using Berth.Core.Build;

namespace Berth.Api.Endpoints;

internal static partial class SystemEndpoints
{
    private static readonly ApiVersion ParentsApi = new(1, 42);

    /// <summary>
    /// /system/df's BuildCache: one "regular" record per cached build step, as BuildKit reports a
    /// step's layer. Parents name the record that produced the step's parent image. Nothing is in
    /// use between builds and no record shares its layer. Empty when no builder is registered.
    /// </summary>
    private static async Task<IReadOnlyList<JsonElement>> BuildCacheRecordsAsync(IServiceProvider services, ApiVersion apiVersion, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IImageBuilder)) is not IImageBuilder builder)
        {
            return [];
        }

        var entries = await builder.ListCacheAsync(cancellationToken);
        var keyByImage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            keyByImage.TryAdd(entry.ImageId, entry.Key);
        }

        return [.. entries.Select(e => BuildCacheRecord(e, keyByImage.GetValueOrDefault(e.ParentId), apiVersion))];
    }

    private static JsonElement BuildCacheRecord(BuildCacheEntry entry, string? parent, ApiVersion apiVersion)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ID", entry.Key);
            if (parent is not null)
            {
                // moby's BuildCache: Parents from API 1.42, the single Parent before; both omitempty.
                if (apiVersion < ParentsApi)
                {
                    writer.WriteString("Parent", parent);
                }
                else
                {
                    writer.WriteStartArray("Parents");
                    writer.WriteStringValue(parent);
                    writer.WriteEndArray();
                }
            }

            writer.WriteString("Type", "regular");
            writer.WriteString("Description", entry.Description);
            writer.WriteBoolean("InUse", false);
            writer.WriteBoolean("Shared", false);
            writer.WriteNumber("Size", entry.Size);
            writer.WriteString("CreatedAt", Rfc3339.Utc(entry.Created));
            writer.WriteString("LastUsedAt", Rfc3339.Utc(entry.LastUsed));
            writer.WriteNumber("UsageCount", entry.UsageCount);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
