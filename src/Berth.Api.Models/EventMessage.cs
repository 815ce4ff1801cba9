using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>One /events object. status/id/from are the pre-1.22 fields old clients still read.</summary>
public sealed class EventMessage
{
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("from")] public string? From { get; init; }
    public string Type { get; init; } = "";
    public string Action { get; init; } = "";
    public EventActor Actor { get; init; } = new();
    [JsonPropertyName("scope")] public string Scope { get; init; } = "local";
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }
}
