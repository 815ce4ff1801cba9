using System.Text.Json.Serialization;

namespace Berth.Api.Models.Containers;

/// <summary>POST /containers/{id}/wait. Docker always writes "Error", null when there was none.</summary>
public sealed class ContainerWaitResponse
{
    public long StatusCode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public WaitExitError? Error { get; init; }
}
