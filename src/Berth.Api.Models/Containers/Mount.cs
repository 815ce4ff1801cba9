using System.Text.Json;

namespace Berth.Api.Models.Containers;

/// <summary>A HostConfig.Mounts entry (--mount). The per-type option objects are kept raw.</summary>
public sealed class Mount
{
    public string Type { get; init; } = "";
    public string? Source { get; init; }
    public string Target { get; init; } = "";
    public bool ReadOnly { get; init; }
    public string? Consistency { get; init; }
    public JsonElement? BindOptions { get; init; }
    public JsonElement? VolumeOptions { get; init; }
    public TmpfsOptions? TmpfsOptions { get; init; }
}
