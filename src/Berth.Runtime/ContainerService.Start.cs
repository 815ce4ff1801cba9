using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Core.Volumes;
using Berth.Linux;
using Berth.Runtime.Conmon;
using Berth.Runtime.Logs;
using Berth.Runtime.Oci;
using Berth.Runtime.State;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    public async Task StartAsync(string nameOrId, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        bool removeAfterFailure = false;
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerStatus status = entry.Record.State.Status;
            if (status == ContainerStatus.Paused)
            {
                throw EngineException.Conflict("cannot start a paused container, try unpause instead");
            }
            if (status is ContainerStatus.Running or ContainerStatus.Restarting)
            {
                throw EngineException.NotModified("Container is already started");
            }
            if (entry.Removing)
            {
                throw EngineException.Conflict($"container is marked for removal and cannot be started");
            }
            lock (entry.Sync)
            {
                entry.Record.ManuallyStopped = false;
            }
            try
            {
                await StartCoreAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException) when (entry.Record.Config.AutoRemove)
            {
                // moby's containerStart removes an --rm container whose start failed; `docker run
                // --rm` waits for condition=removed and would hang otherwise.
                removeAfterFailure = true;
                throw;
            }
        }
        finally
        {
            entry.Operation.Release();
            if (removeAfterFailure)
            {
                await AutoRemoveAfterFailedStartAsync(entry).ConfigureAwait(false);
            }
        }
    }

    private async Task AutoRemoveAfterFailedStartAsync(ContainerEntry entry)
    {
        try
        {
            await RemoveAsync(entry.Record.Id, force: true, removeVolumes: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EngineException or IOException)
        {
            _logger.LogWarning(e, "removing {Id} after its failed start failed", entry.Record.Id);
        }
    }

    /// <summary>moby's exitUnknown: the exit code of a start that failed for another reason.</summary>
    private const int UnknownStartFailure = 128;

    /// <summary>Mounts the rootfs, writes config.json, runs conmon (runc create) and runc start.
    /// Caller holds the operation lock.</summary>
    private async Task StartCoreAsync(ContainerEntry entry, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        string bundle = BundleDir(r.Id);
        string rootfs = RootfsDir(bundle);
        // `wait?condition=next-exit` is asked before `start` (docker run): keep a signal nobody completed yet.
        lock (entry.Sync)
        {
            if (entry.Exited.Task.IsCompleted)
            {
                entry.Exited = ContainerEntry.NewSignal();
            }
        }
        // runc will put the container's init into its cgroup in ≈ 15 ms: have the kernel's wait for that lock start now.
        _attachWarmer.Warm();
        PreparedMounts? prepared = null;
        var phases = new PhaseClock();
        try
        {
            await _runc.DeleteAsync(r.Id, ct).ConfigureAwait(false);
            phases.Mark("delete");
            DropExecs(r.Id);
            ImageRootfs image = await _images.ResolveRootfsAsync(r.ImageId, ct).ConfigureAwait(false);
            OverlayMount overlay = _snapshotter.PrepareOverlay(image.ChainIdsBottomFirst, bundle);
            Directory.CreateDirectory(overlay.Target);
            Directory.CreateDirectory(overlay.UpperDir);
            Directory.CreateDirectory(overlay.WorkDir);
            if (!Mounts.IsMountPoint(overlay.Target))
            {
                Mounts.Mount(overlay.Source, overlay.Target, overlay.Type, 0, overlay.Options);
            }

            phases.Mark("overlay");
            prepared = await PrepareMountsAsync(entry, overlay.Target, ct).ConfigureAwait(false);
            phases.Mark("mounts");
            NetworkSandbox network = await StartNetworkAsync(entry, bundle, ct).ConfigureAwait(false);
            phases.Mark("network");
            JsonObject spec = BuildSpec(r, overlay.Target, bundle, network, prepared);
            await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), spec.ToJsonString(), ct).ConfigureAwait(false);
            phases.Mark("spec");

            long logMax = LogPolicy.Parse(r.Config.LogConfig).ConmonLimit;
            var request = new ConmonRequest(r.Id, r.Name, bundle, Path.Combine(bundle, "ctr.log"), logMax, r.Config.Tty, r.Config.OpenStdin, r.Config.StdinOnce);
            var (pid, conmonPid) = await _conmon.CreateAsync(request, ct).ConfigureAwait(false);
            phases.Mark("conmon");
            lock (entry.Sync)
            {
                r.ConmonPid = conmonPid;
            }
            // conmon's attach socket exists now and the process has not run: waiting attaches miss nothing.
            await BindPendingAttachesAsync(entry, bundle).ConfigureAwait(false);
            try
            {
                await _runc.StartAsync(r.Id, pid, ct).ConfigureAwait(false);
                phases.Mark("started");
            }
            catch
            {
                await _runc.DeleteAsync(r.Id, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            lock (entry.Sync)
            {
                r.State = new ContainerState
                {
                    Status = ContainerStatus.Running,
                    Pid = pid,
                    StartedAt = _time.GetUtcNow(),
                    FinishedAt = r.State.FinishedAt,
                    ExitCode = 0,
                };
                r.HasBeenStarted = true;
                entry.ExitClaimed = false;
                _store.SaveRunState(r);
            }
        }
        catch (Exception e) when (e is EngineException or IOException or UnauthorizedAccessException)
        {
            string message = e.Message;
            MarkStdioGone(entry, abandonPending: false);
            await StopNetworkAsync(entry).ConfigureAwait(false);
            CleanupRootfs(bundle, rootfs);
            if (prepared is not null)
            {
                await ReleaseMountsAsync(entry).ConfigureAwait(false);
            }
            int code = StartErrorCode.FromMessage(message, r.Path, UnknownStartFailure);
            lock (entry.Sync)
            {
                r.State = r.State with
                {
                    Status = r.HasBeenStarted ? ContainerStatus.Exited : ContainerStatus.Created,
                    ExitCode = code,
                    Error = message,
                    Pid = 0,
                };
                _store.Save(r);
            }
            entry.Exited.TrySetResult(code);
            if (code != UnknownStartFailure)
            {
                // moby's translateContainerdStartErr: a command that cannot run is the caller's mistake (400).
                throw EngineException.InvalidArgument(message);
            }
            if (e is EngineException)
            {
                throw;
            }
            throw EngineException.Internal(message, e);
        }
        phases.Mark("saved");
        _logger.LogDebug("start {Id}: {Phases}", r.Id[..12], phases);
        Publish(entry, "start");
        // A container that exits at once may have written its exit file before it was marked running.
        if (File.Exists(Path.Combine(ExitDir, r.Id)))
        {
            _ = Task.Run(() => HandleExitAsync(r.Id), CancellationToken.None);
        }
    }

    private JsonObject BuildSpec(ContainerRecord r, string rootfs, string bundle, NetworkSandbox network, PreparedMounts? mounts)
    {
        ContainerSpec c = r.Config;
        ExecUser user = UserResolver.Resolve(c.User, ReadInside(rootfs, "etc/passwd"), ReadInside(rootfs, "etc/group"));
        string cwd = string.IsNullOrEmpty(c.WorkingDir) ? "/" : c.WorkingDir;
        WorkingDirectory.Ensure(rootfs, cwd);
        string? init = c.Init == true ? FindInit() : null;
        var args = new List<string>();
        if (init is not null)
        {
            args.Add(OciSpecBuilder.InitTarget);
            args.Add("--");
        }
        args.Add(r.Path);
        args.AddRange(r.Args);
        var env = EnvironmentBuilder.Build(c.Hostname ?? r.Id[..12], c.Tty, c.Env);
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            env.Add("HOME=" + user.Home);
        }
        var input = new OciSpecInput
        {
            Config = c,
            ProcessArgs = args,
            Hostname = c.Hostname ?? r.Id[..12],
            User = user,
            Env = env,
            WorkingDir = cwd,
            RootfsPath = rootfs,
            HostnamePath = Path.Combine(bundle, "hostname"),
            HostsPath = network.HostsPath,
            ResolvConfPath = network.ResolvConfPath,
            NetworkNamespacePath = network.NetnsPath,
            HostNetwork = network.HostNetwork,
            ExtraMounts = mounts?.OciMounts ?? [],
            RootfsPropagation = mounts?.RootfsPropagation,
            CgroupsPath = CgroupPath(r.Id),
            CgroupV2 = _cgroups.IsV2,
            InitPath = init,
            Rlimits = RlimitBuilder.Build(c.Ulimits, resource => ResourceLimits.Get(resource).Hard),
        };
        return OciSpecBuilder.Build(input);
    }

    /// <summary>Reads a file of the container's rootfs without following symlinks out of it (a
    /// symlinked /etc/passwd is resolved inside the rootfs, one level deep).</summary>
    private static string? ReadInside(string rootfs, string relative)
    {
        string path = Path.Combine(rootfs, relative);
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            path = target.StartsWith('/') ? Path.Combine(rootfs, target.TrimStart('/')) : Path.Combine(Path.GetDirectoryName(path)!, target);
            if (!Path.GetFullPath(path).StartsWith(rootfs, StringComparison.Ordinal))
            {
                return null;
            }
        }
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private void CleanupRootfs(string bundle, string rootfs)
    {
        try
        {
            foreach (string mount in Mounts.MountPointsUnder(rootfs).OrderByDescending(m => m.Length))
            {
                Mounts.Unmount(mount, Mounts.MNT_DETACH);
            }
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "unmounting {Rootfs} failed", rootfs);
        }
        _ = bundle;
    }
}
