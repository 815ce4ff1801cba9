using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>An OCI runtime as /info lists it (Docker spells the key "path").</summary>
public sealed class RuntimeInfo
{
    [JsonPropertyName("path")] public string Path { get; init; } = "";
}
