using Berth.Api.Images;
using Berth.Api.Models;
using Berth.Api.Models.Containers;
using Domain = Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>Engine container records → Docker's inspect and ps shapes.</summary>
internal static class ContainerProjection
{
    public static ContainerInspectResponse Inspect(Domain.ContainerInfo info, bool cgroupV2) => new()
    {
        Id = info.Id,
        Created = Rfc3339.Utc(info.Created),
        Path = info.Path,
        Args = info.Args,
        State = State(info.State),
        Image = info.Image,
        ResolvConfPath = info.ResolvConfPath,
        HostnamePath = info.HostnamePath,
        HostsPath = info.HostsPath,
        LogPath = info.LogPath,
        Name = info.Name,
        RestartCount = info.RestartCount,
        Driver = info.Driver,
        Platform = info.Platform,
        HostConfig = HostConfigProjection.From(info.Spec, cgroupV2),
        GraphDriver = new GraphDriverData { Name = info.Driver, Data = info.GraphDriverData },
        SizeRw = info.SizeRw,
        SizeRootFs = info.SizeRootFs,
        Mounts = Mounts(info),
        Config = Config(info),
        NetworkSettings = NetworkSettingsProjection.Inspect(info),
    };

    public static ContainerSummary Summary(Domain.ContainerInfo info, DateTimeOffset now) => new()
    {
        Id = info.Id,
        Names = [info.Name],
        Image = info.ImageName,
        ImageID = info.Image,
        Command = info.Args.Count == 0 ? info.Path : info.Path + " " + string.Join(' ', info.Args),
        Created = info.Created.ToUnixTimeSeconds(),
        SizeRw = info.SizeRw,
        SizeRootFs = info.SizeRootFs,
        Labels = info.Config.Labels,
        State = Domain.ContainerStateExtensions.ToDockerString(info.State.Status),
        Status = ContainerStatusText.Format(info.State, now),
        HostConfig = new SummaryHostConfig { NetworkMode = HostConfigProjection.NetworkMode(info.Spec.NetworkMode) },
        NetworkSettings = new SummaryNetworkSettings { Networks = NetworkSettingsProjection.Networks(info) },
        Ports = NetworkSettingsProjection.Summary(info),
        Mounts = Mounts(info),
    };

    private static Models.Containers.ContainerState State(Domain.ContainerState state) => new()
    {
        Status = Domain.ContainerStateExtensions.ToDockerString(state.Status),
        Running = state.Running,
        Paused = state.Paused,
        Restarting = state.Restarting,
        OOMKilled = state.OOMKilled,
        Dead = state.Dead,
        Pid = state.Pid,
        ExitCode = state.ExitCode,
        Error = state.Error,
        StartedAt = DockerTime.OrZero(state.StartedAt),
        FinishedAt = DockerTime.OrZero(state.FinishedAt),
    };

    private static ContainerConfig Config(Domain.ContainerInfo info)
    {
        var config = info.Config;
        return new ContainerConfig
        {
            Hostname = config.Hostname ?? info.Id[..Math.Min(12, info.Id.Length)],
            Domainname = config.Domainname ?? "",
            User = config.User ?? "",
            AttachStdin = config.AttachStdin,
            AttachStdout = config.AttachStdout,
            AttachStderr = config.AttachStderr,
            ExposedPorts = config.ExposedPorts.Count == 0 ? null : config.ExposedPorts.ToDictionary(p => p, _ => EmptyObject.Instance),
            Tty = config.Tty,
            OpenStdin = config.OpenStdin,
            StdinOnce = config.StdinOnce,
            Env = config.Env,
            Cmd = config.Cmd,
            Image = info.ImageName,
            Volumes = config.Volumes.Count == 0 ? null : config.Volumes.ToDictionary(v => v, _ => EmptyObject.Instance),
            WorkingDir = config.WorkingDir ?? "",
            Entrypoint = config.Entrypoint is { Count: > 0 } entrypoint ? entrypoint : null,
            Labels = config.Labels,
            StopSignal = config.StopSignal,
            StopTimeout = config.StopTimeout,
        };
    }

    private static MountPoint[] Mounts(Domain.ContainerInfo info)
    {
        if (info.MountPoints.Count > 0)
        {
            return info.MountPoints.Where(m => m.Inspectable).Select(m => new MountPoint
            {
                Type = m.Type,
                Name = m.Type == "volume" ? m.Name : null,
                Source = m.Source,
                Destination = m.Destination,
                Driver = m.Type == "volume" ? m.Driver : null,
                Mode = m.Mode,
                RW = m.RW,
                Propagation = m.Propagation,
            }).ToArray();
        }
        // An engine without a mount planner: the --mount requests as given.
        return info.Mounts.Select(m => new MountPoint
        {
            Type = m.Type,
            Source = m.Source ?? "",
            Destination = m.Target,
            Mode = m.Options.GetValueOrDefault("mode") is { } mode && m.Type == "bind" ? mode : "",
            RW = !m.ReadOnly,
            Propagation = m.Type == "bind" ? m.Options.GetValueOrDefault("propagation") ?? "rprivate" : "",
        }).ToArray();
    }
}
