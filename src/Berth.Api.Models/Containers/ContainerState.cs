namespace Berth.Api.Models.Containers;

/// <summary>inspect's State. Times are RFC 3339 with nanoseconds; never-happened is Go's zero time.</summary>
public sealed class ContainerState
{
    public string Status { get; init; } = "";
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    public bool OOMKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; init; } = "";
    public string StartedAt { get; init; } = "";
    public string FinishedAt { get; init; } = "";
}
