using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>One line of Docker's JSON progress stream (load, import, pull, build).</summary>
public sealed class JsonMessage
{
    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("progress")] public string? Progress { get; init; }
    [JsonPropertyName("errorDetail")] public JsonError? ErrorDetail { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
