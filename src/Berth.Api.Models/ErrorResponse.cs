using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>Every API error body: {"message": "..."}.</summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("message")] public string Message { get; init; } = "";
}
