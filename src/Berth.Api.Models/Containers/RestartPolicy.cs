namespace Berth.Api.Models.Containers;

public sealed class RestartPolicy
{
    public string Name { get; init; } = "";
    public int MaximumRetryCount { get; init; }
}
