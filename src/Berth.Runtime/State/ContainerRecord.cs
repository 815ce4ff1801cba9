using Berth.Core.Containers;

namespace Berth.Runtime.State;

/// <summary>What is persisted per container (containers/&lt;id&gt;/config.v2.json, as Docker names it).</summary>
internal sealed class ContainerRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required DateTimeOffset Created { get; set; }
    public required string ImageId { get; set; }
    public required string ImageName { get; set; }
    public required ContainerSpec Spec { get; set; }
    public required ContainerSpec Config { get; set; }
    public required string Path { get; set; }
    public required List<string> Args { get; set; }
    public ContainerState State { get; set; } = new();
    public int RestartCount { get; set; }
    /// <summary>Set by stop/kill by the user: the restart policy must not bring the container back
    /// (Docker's HasBeenManuallyStopped; unless-stopped also survives daemon restarts with it).</summary>
    public bool ManuallyStopped { get; set; }
    public bool HasBeenStarted { get; set; }
    public int ConmonPid { get; set; }
    public List<string> Warnings { get; set; } = [];
}
