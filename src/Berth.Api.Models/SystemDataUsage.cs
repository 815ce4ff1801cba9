using System.Text.Json;

namespace Berth.Api.Models;

/// <summary>GET /system/df. Containers, Volumes and BuildCache stay raw until those engines exist.</summary>
public sealed class SystemDataUsage
{
    public long LayersSize { get; init; }
    public IReadOnlyList<ImageSummary> Images { get; init; } = [];
    public IReadOnlyList<JsonElement> Containers { get; init; } = [];
    public IReadOnlyList<JsonElement> Volumes { get; init; } = [];
    public IReadOnlyList<JsonElement> BuildCache { get; init; } = [];
}
