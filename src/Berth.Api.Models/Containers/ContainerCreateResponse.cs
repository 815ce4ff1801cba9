namespace Berth.Api.Models.Containers;

public sealed class ContainerCreateResponse
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
