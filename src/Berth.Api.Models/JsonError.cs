using System.Text.Json.Serialization;

namespace Berth.Api.Models;

public sealed class JsonError
{
    [JsonPropertyName("code")] public int? Code { get; init; }
    [JsonPropertyName("message")] public string Message { get; init; } = "";
}
