namespace Berth.Api.Models.Containers;

/// <summary>The HostConfig part of a ps entry.</summary>
public sealed class SummaryHostConfig
{
    public string NetworkMode { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
