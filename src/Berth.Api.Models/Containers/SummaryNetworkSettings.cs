namespace Berth.Api.Models.Containers;

/// <summary>The NetworkSettings part of a ps entry.</summary>
public sealed class SummaryNetworkSettings
{
    public IReadOnlyDictionary<string, EndpointSettings> Networks { get; init; } = new Dictionary<string, EndpointSettings>();
}
