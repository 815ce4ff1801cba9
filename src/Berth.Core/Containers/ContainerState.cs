namespace Berth.Core.Containers;

/// <summary>Docker's State.Status values; <see cref="ContainerStateExtensions.ToDockerString"/> gives the wire word.</summary>
public enum ContainerStatus
{
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}

/// <summary>Docker's State object of `inspect`. Times are null when the event never happened
/// (the API layer prints Docker's zero time "0001-01-01T00:00:00Z").</summary>
public sealed record ContainerState
{
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;
    /// <summary>As in Docker, true while running, paused or waiting to restart.</summary>
    public bool Running => Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting;
    public bool Paused => Status == ContainerStatus.Paused;
    public bool Restarting => Status == ContainerStatus.Restarting;
    public bool OOMKilled { get; init; }
    public bool Dead => Status == ContainerStatus.Dead;
    /// <summary>Host pid of the container's init process; 0 when not running.</summary>
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; init; } = "";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

public static class ContainerStateExtensions
{
    public static string ToDockerString(this ContainerStatus status) => status switch
    {
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        ContainerStatus.Restarting => "restarting",
        ContainerStatus.Removing => "removing",
        ContainerStatus.Exited => "exited",
        _ => "dead",
    };
}
