namespace Berth.Api.Models.Containers;

public sealed class PortSummary
{
    public string? IP { get; init; }
    public int PrivatePort { get; init; }
    public int? PublicPort { get; init; }
    public string Type { get; init; } = "";
}
