namespace Berth.Api.Models.Containers;

/// <summary>A mount as inspect and ps show it.</summary>
public sealed class MountPoint
{
    public string Type { get; init; } = "";
    public string? Name { get; init; }
    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";
    public string? Driver { get; init; }
    public string Mode { get; init; } = "";
    public bool RW { get; init; }
    public string Propagation { get; init; } = "";
}
