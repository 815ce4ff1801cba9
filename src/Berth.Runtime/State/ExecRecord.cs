using Berth.Core.Containers;

namespace Berth.Runtime.State;

/// <summary>What is persisted per started exec (containers/&lt;id&gt;/execs/&lt;exec id&gt;/exec.json).</summary>
internal sealed class ExecRecord
{
    public required string Id { get; set; }
    public required string ContainerId { get; set; }
    public required ExecSpec Spec { get; set; }
    public int Pid { get; set; }
    public int ConmonPid { get; set; }
    public int? ExitCode { get; set; }
}
