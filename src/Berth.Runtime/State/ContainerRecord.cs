using Berth.Core.Containers;
using Berth.Core.Networks;
using Berth.Core.Volumes;

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
    /// <summary>Planned at create; CopyData is cleared after the first start's copy-up.</summary>
    public List<ResolvedMount> Mounts { get; set; } = [];
    /// <summary>Networks in join order, endpoints filled in while running.</summary>
    public List<ContainerNetwork> Networks { get; set; } = [];
    /// <summary>The container's own network namespace while it runs (null when stopped, host or container: mode).</summary>
    public string? NetnsPath { get; set; }
    public string SandboxId { get; set; } = "";
    /// <summary>Published ports of the current run.</summary>
    public List<PortBinding> Ports { get; set; } = [];
}
