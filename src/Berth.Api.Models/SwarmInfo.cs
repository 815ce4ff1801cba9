namespace Berth.Api.Models;

/// <summary>Berth has no swarm mode; LocalNodeState is always "inactive".</summary>
public sealed class SwarmInfo
{
    public string NodeID { get; init; } = "";
    public string NodeAddr { get; init; } = "";
    public string LocalNodeState { get; init; } = "inactive";
    public bool ControlAvailable { get; init; }
    public string Error { get; init; } = "";
}
