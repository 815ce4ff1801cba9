using System.Text.Json.Serialization;

namespace Berth.Api.Models.Networks;

/// <summary>POST /networks/prune answer; dockerd sends null when nothing was removed.</summary>
public sealed class NetworkPruneResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string>? NetworksDeleted { get; init; }
}
