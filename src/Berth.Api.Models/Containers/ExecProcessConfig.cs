using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

/// <summary>ExecInspectResponse.ProcessConfig; Docker spells these in lower case.</summary>
public sealed class ExecProcessConfig
{
    [JsonPropertyName("privileged")]
    public bool Privileged { get; init; }

    [JsonPropertyName("user")]
    public string User { get; init; } = "";

    [JsonPropertyName("tty")]
    public bool Tty { get; init; }

    [JsonPropertyName("entrypoint")]
    public string Entrypoint { get; init; } = "";

    [JsonPropertyName("arguments")]
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
