namespace Berth.Runtime.State;

/// <summary>
/// A container in memory. <see cref="Operation"/> serializes user operations (start/stop/rm...);
/// the exit handler never takes it (stop and rm wait for the exit while holding it), and mutates
/// <see cref="Record"/> under <see cref="Sync"/> only.
/// </summary>
internal sealed class ContainerEntry(ContainerRecord record)
{
    public ContainerRecord Record { get; } = record;
    public SemaphoreSlim Operation { get; } = new(1, 1);
    public object Sync { get; } = new();
    /// <summary>Completed with the exit code when the current run ends; replaced at each start.</summary>
    public TaskCompletionSource<int> Exited { get; set; } = NewSignal();
    public TaskCompletionSource<int> Removed { get; } = NewSignal();
    /// <summary>Cancels a pending restart-policy delay (stop/rm during backoff).</summary>
    public CancellationTokenSource? RestartDelay { get; set; }
    public TimeSpan RestartBackoff { get; set; }
    public bool Removing { get; set; }
    /// <summary>Set by the first recorder of the current run's exit, cleared when a run starts (guarded by <see cref="Sync"/>).</summary>
    public bool ExitClaimed { get; set; }
    /// <summary>True while conmon's attach socket of the current run exists (from conmon create to the exit).</summary>
    public bool StdioReady { get; set; }
    /// <summary>Attach sessions waiting for the next start (guarded by <see cref="Sync"/>).</summary>
    public List<Stdio.PendingAttachSession> PendingAttaches { get; } = [];

    public static TaskCompletionSource<int> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
