namespace Berth.Api.Models;

public sealed class GraphDriverData
{
    public string Name { get; init; } = "overlay2";
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
