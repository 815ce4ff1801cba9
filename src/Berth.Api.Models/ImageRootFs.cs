namespace Berth.Api.Models;

public sealed class ImageRootFs
{
    public string Type { get; init; } = "layers";
    public IReadOnlyList<string> Layers { get; init; } = [];
}
