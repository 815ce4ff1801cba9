using Berth.Core.Containers;

namespace Berth.Runtime.State;

/// <summary>
/// An exec instance. Started ones are persisted as &lt;exec dir&gt;/exec.json, so a restarted daemon
/// still knows them; conmon writes the exit code to &lt;exec dir&gt;/exits/&lt;container id&gt;.
/// Mutable fields change under a lock on the entry.
/// </summary>
internal sealed class ExecEntry(string id, string containerId, ExecSpec spec)
{
    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecSpec Spec { get; } = spec;
    public bool Started { get; set; }
    public bool Running { get; set; }
    public int? ExitCode { get; set; }
    public int Pid { get; set; }
    public int ConmonPid { get; set; }
    /// <summary>Completed with the exit code once known.</summary>
    public TaskCompletionSource<int> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExecRecord ToRecord() => new()
    {
        Id = Id,
        ContainerId = ContainerId,
        Spec = Spec,
        Pid = Pid,
        ConmonPid = ConmonPid,
        ExitCode = ExitCode,
    };
}
