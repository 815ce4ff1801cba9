using Berth.Core.Containers;

namespace Berth.Runtime.State;

/// <summary>An exec instance (in memory only: exec sessions do not survive a daemon restart).</summary>
internal sealed class ExecEntry(string id, string containerId, ExecSpec spec)
{
    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecSpec Spec { get; } = spec;
    public bool Started { get; set; }
    public bool Running { get; set; }
    public int? ExitCode { get; set; }
    public int Pid { get; set; }
}
