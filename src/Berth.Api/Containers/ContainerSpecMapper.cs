using Berth.Api.Models.Containers;
using Berth.Core.Errors;
using Domain = Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>The create request's wire JSON → the engine's <see cref="Domain.ContainerSpec"/>.</summary>
internal static class ContainerSpecMapper
{
    public static Domain.ContainerSpec ToSpec(ContainerCreateRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Image))
        {
            throw EngineException.InvalidArgument("no image given in the container config (Image)");
        }

        var host = request.HostConfig ?? new HostConfig();
        string networkMode = string.IsNullOrEmpty(host.NetworkMode) ? "default" : host.NetworkMode;
        return new Domain.ContainerSpec
        {
            Image = request.Image,
            Cmd = ResettableList(request.Cmd),
            Entrypoint = ResettableList(request.Entrypoint),
            Env = request.Env ?? [],
            WorkingDir = NullIfEmpty(request.WorkingDir),
            User = NullIfEmpty(request.User),
            Hostname = NullIfEmpty(request.Hostname),
            Domainname = NullIfEmpty(request.Domainname),
            Labels = request.Labels ?? new Dictionary<string, string>(),
            Tty = request.Tty,
            OpenStdin = request.OpenStdin,
            StdinOnce = request.StdinOnce,
            AttachStdin = request.AttachStdin,
            AttachStdout = request.AttachStdout,
            AttachStderr = request.AttachStderr,
            StopSignal = NullIfEmpty(request.StopSignal),
            StopTimeout = request.StopTimeout,
            ExposedPorts = request.ExposedPorts?.Keys.ToArray() ?? [],
            Volumes = request.Volumes?.Keys.ToArray() ?? [],
            Init = host.Init,
            ReadonlyRootfs = host.ReadonlyRootfs,
            Privileged = host.Privileged,
            CapAdd = host.CapAdd ?? [],
            CapDrop = host.CapDrop ?? [],
            Ulimits = host.Ulimits?.Select(u => new Domain.Ulimit(u.Name, u.Soft, u.Hard)).ToArray() ?? [],
            ShmSize = host.ShmSize > 0 ? host.ShmSize : null,
            RestartPolicy = host.RestartPolicy is { Name.Length: > 0 } policy
                ? new Domain.RestartPolicy(policy.Name, policy.MaximumRetryCount)
                : Domain.RestartPolicy.No,
            AutoRemove = host.AutoRemove,
            NetworkMode = networkMode,
            Networks = NetworkingConfigMapper.Endpoints(request, networkMode),
            PortBindings = NetworkingConfigMapper.PortBindings(host.PortBindings),
            PublishAllPorts = host.PublishAllPorts,
            Binds = host.Binds ?? [],
            Mounts = host.Mounts?.Select(MountSpecMapper.ToMount).ToArray() ?? [],
            VolumesFrom = host.VolumesFrom ?? [],
            VolumeDriver = NullIfEmpty(host.VolumeDriver),
            Tmpfs = host.Tmpfs ?? new Dictionary<string, string>(),
            LogConfig = host.LogConfig is { Type.Length: > 0 } log
                ? new Domain.LogConfig(log.Type, log.Config ?? new Dictionary<string, string>())
                : Domain.LogConfig.Default,
            Memory = host.Memory,
            NanoCpus = host.NanoCpus,
            PidsLimit = host.PidsLimit,
            ExtraHosts = host.ExtraHosts ?? [],
            Dns = host.Dns ?? [],
            DnsSearch = host.DnsSearch ?? [],
            DnsOptions = host.DnsOptions ?? [],
        };
    }

    /// <summary>Settings the request makes that Berth accepts but does not apply yet; create reports them as warnings.</summary>
    public static IEnumerable<string> Ignored(ContainerCreateRequest request)
    {
        var host = request.HostConfig;
        if (host?.NetworkMode == "host" && (host.PortBindings is { Count: > 0 } || host.PublishAllPorts))
        {
            // dockerd's own warning: the host's network has no ports to map.
            yield return "Published ports are discarded when using host network mode";
        }

        if (host?.Devices is { Count: > 0 })
        {
            yield return "Device mappings are not supported by Berth yet and were ignored.";
        }

        if (host is { CpuShares: > 0 } or { CpuQuota: > 0 } or { CpusetCpus.Length: > 0 } or { MemoryReservation: > 0 })
        {
            yield return "Only the --memory, --cpus and --pids-limit resource limits are applied by Berth; other limits were ignored.";
        }
    }

    public static Domain.ExecSpec ToExecSpec(ExecConfig config)
    {
        if (config.Cmd is not { Count: > 0 })
        {
            throw EngineException.InvalidArgument("No exec command specified");
        }

        return new Domain.ExecSpec
        {
            Cmd = config.Cmd,
            Env = config.Env ?? [],
            User = NullIfEmpty(config.User),
            WorkingDir = NullIfEmpty(config.WorkingDir),
            Tty = config.Tty,
            AttachStdin = config.AttachStdin,
            AttachStdout = config.AttachStdout,
            AttachStderr = config.AttachStderr,
            Privileged = config.Privileged,
        };
    }

    /// <summary>Docker's CLI sends [""] for `--entrypoint ""`: an explicit reset, which the spec spells as [].</summary>
    private static IReadOnlyList<string>? ResettableList(IReadOnlyList<string>? list) =>
        list is [""] ? [] : list;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
