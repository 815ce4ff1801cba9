using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>GET /system/df. Containers, Volumes and BuildCache are kept as raw JSON records.</summary>
public sealed class SystemDataUsage
{
    public long LayersSize { get; init; }
    public IReadOnlyList<ImageSummary> Images { get; init; } = [];
    public IReadOnlyList<JsonElement> Containers { get; init; } = [];
    public IReadOnlyList<JsonElement> Volumes { get; init; } = [];
    public IReadOnlyList<JsonElement> BuildCache { get; init; } = [];

    /// <summary>The build cache's total size, sent to clients before API 1.42 only (omitempty).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long BuilderSize { get; init; }
}
