namespace Berth.Api.Models.Containers;

public sealed class ContainerTopResponse
{
    public IReadOnlyList<string> Titles { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<string>> Processes { get; init; } = [];
}
