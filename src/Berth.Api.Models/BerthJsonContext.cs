using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>Source-generated JSON for every wire type (AOT: no reflection serializer).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(IReadOnlyList<ImageSummary>))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(IReadOnlyList<ImageHistoryItem>))]
[JsonSerializable(typeof(IReadOnlyList<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(ImagePruneResponse))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(SystemDataUsage))]
public sealed partial class BerthJsonContext : JsonSerializerContext;
