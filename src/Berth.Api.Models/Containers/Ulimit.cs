namespace Berth.Api.Models.Containers;

public sealed class Ulimit
{
    public string Name { get; init; } = "";
    public long Soft { get; init; }
    public long Hard { get; init; }
}
