using Domain = Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>Docker's State.String(): the STATUS column of `docker ps`.</summary>
internal static class ContainerStatusText
{
    public static string Format(Domain.ContainerState state, DateTimeOffset now)
    {
        var started = state.StartedAt ?? now;
        var finished = state.FinishedAt ?? now;
        return state.Status switch
        {
            Domain.ContainerStatus.Paused => $"Up {HumanDuration.Format(now - started)} (Paused)",
            Domain.ContainerStatus.Restarting => $"Restarting ({state.ExitCode}) {HumanDuration.Format(now - finished)} ago",
            Domain.ContainerStatus.Running => $"Up {HumanDuration.Format(now - started)}",
            Domain.ContainerStatus.Removing => "Removal In Progress",
            Domain.ContainerStatus.Dead => "Dead",
            _ when state.StartedAt is null => "Created",
            _ when state.FinishedAt is null => "",
            _ => $"Exited ({state.ExitCode}) {HumanDuration.Format(now - finished)} ago",
        };
    }
}
