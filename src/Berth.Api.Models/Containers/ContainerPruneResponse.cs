namespace Berth.Api.Models.Containers;

public sealed class ContainerPruneResponse
{
    public IReadOnlyList<string>? ContainersDeleted { get; init; }
    public long SpaceReclaimed { get; init; }
}
