using System.Text.Json.Serialization;

namespace Berth.Api.Models.Volumes;

/// <summary>
/// Source-generated JSON for the volume wire types. Its own context (like ContainerJsonContext)
/// because request bodies must match property names without regard to case, as Go's encoding/json does.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(VolumeResponse))]
[JsonSerializable(typeof(VolumeCreateRequest))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(VolumePruneResponse))]
public sealed partial class VolumeJsonContext : JsonSerializerContext;
