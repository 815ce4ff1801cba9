using System.Text.Json.Serialization;

namespace Berth.Api.Models.Networks;

/// <summary>
/// Source-generated JSON for the network wire types. Its own context (like ContainerJsonContext)
/// because request bodies must match property names without regard to case, as Go's encoding/json does.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(NetworkResponse))]
[JsonSerializable(typeof(IReadOnlyList<NetworkResponse>))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(NetworkDisconnectRequest))]
[JsonSerializable(typeof(NetworkPruneResponse))]
public sealed partial class NetworkJsonContext : JsonSerializerContext;
