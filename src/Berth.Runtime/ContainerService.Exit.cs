using System.Globalization;
using Berth.Core.Containers;
using Berth.Linux;
using Berth.Runtime.Conmon;
using Berth.Runtime.State;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    private readonly Lock _exitGate = new();
    private readonly HashSet<string> _handlingExit = new(StringComparer.Ordinal);

    /// <summary>
    /// Loads every container and reconciles it with runc and conmon: running ones are re-adopted,
    /// those whose exit file appeared while no daemon watched get their real exit code (and restart
    /// policy), those that vanished without one are marked exited (255), stale mounts are removed.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ExitDir);
        Directory.CreateDirectory(_runc.StateRoot);
        Directory.CreateDirectory(_store.ContainersDir);
        if (_options.ReapMonitors)
        {
            try
            {
                ChildProcesses.BecomeSubreaper();
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "cannot become a child subreaper; exited conmon monitors will stay zombies");
            }
        }
        var (records, broken) = _store.LoadAll();
        foreach (string dir in broken)
        {
            _logger.LogWarning("ignoring container directory {Dir}: no readable config.v2.json", dir);
        }
        foreach (ContainerRecord record in records)
        {
            _containers[record.Id] = new ContainerEntry(record);
        }
        foreach (ContainerEntry entry in _containers.Values)
        {
            await ReconcileAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        // conmon writes the exit file as a temp file renamed into place (GLib g_file_set_contents), so
        // the event that names the container is Renamed; Created/Changed cover other writers.
        _watcher = new FileSystemWatcher(ExitDir) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        _watcher.Created += (_, e) => _ = Task.Run(() => HandleExitAsync(e.Name!));
        _watcher.Changed += (_, e) => _ = Task.Run(() => HandleExitAsync(e.Name!));
        _watcher.Renamed += (_, e) => _ = Task.Run(() => HandleExitAsync(e.Name!));
        _watcher.EnableRaisingEvents = true;
        _poller = Task.Run(() => PollAsync(_shutdown.Token));

        foreach (string file in Directory.EnumerateFiles(ExitDir))
        {
            await HandleExitAsync(Path.GetFileName(file)).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(ContainerEntry entry, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        string rootfs = RootfsDir(BundleDir(r.Id));
        switch (r.State.Status)
        {
            case ContainerStatus.Running or ContainerStatus.Paused:
                if (File.Exists(Path.Combine(ExitDir, r.Id)))
                {
                    return; // handled once the watcher runs
                }
                var state = await _runc.StateAsync(r.Id, ct).ConfigureAwait(false);
                if (state is { Status: "running" or "paused" } s)
                {
                    lock (entry.Sync)
                    {
                        r.State = r.State with { Status = s.Status == "paused" ? ContainerStatus.Paused : ContainerStatus.Running, Pid = s.Pid };
                        _store.Save(r);
                    }
                    lock (entry.Sync)
                    {
                        entry.StdioReady = true;
                    }
                    LoadExecs(entry);
                    // Its network namespace, endpoints and ports stay as they are; only volume holds are per daemon.
                    await RetakeVolumesAsync(r, ct).ConfigureAwait(false);
                    _logger.LogInformation("re-adopted running container {Id}", r.Id);
                    return;
                }
                if (ConmonAlive(r))
                {
                    return; // conmon is about to write the exit file
                }
                await RecordExitAsync(entry, 255, "container exited while the daemon was down; its exit code is unknown", oomKilled: false).ConfigureAwait(false);
                return;
            case ContainerStatus.Restarting:
                lock (entry.Sync)
                {
                    r.State = r.State with { Status = ContainerStatus.Exited };
                }
                ScheduleRestart(entry);
                return;
            default:
                CleanupRootfs(BundleDir(r.Id), rootfs);
                if (r.NetnsPath is not null)
                {
                    await StopNetworkAsync(entry).ConfigureAwait(false);
                    Save(entry);
                }
                return;
        }
    }

    private static bool ConmonAlive(ContainerRecord r) => ConmonAlive(r.ConmonPid, r.Id);

    /// <summary>True when <paramref name="pid"/> is a live conmon whose command line names <paramref name="marker"/>
    /// (the pid may have been reused since it was recorded).</summary>
    private static bool ConmonAlive(int pid, string marker)
    {
        if (pid <= 0)
        {
            return false;
        }
        ChildProcesses.TryReap(pid);
        if (!ProcessSignals.Exists(pid))
        {
            return false;
        }
        try
        {
            string cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.ExitPollInterval, _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                foreach (string file in Directory.EnumerateFiles(ExitDir))
                {
                    await HandleExitAsync(Path.GetFileName(file)).ConfigureAwait(false);
                }
                foreach (ContainerEntry entry in _containers.Values)
                {
                    await RotateLogIfNeededAsync(entry, ct).ConfigureAwait(false);
                    ContainerRecord r = entry.Record;
                    if (r.State.Status is ContainerStatus.Running or ContainerStatus.Paused && r.ConmonPid > 0
                        && !File.Exists(Path.Combine(ExitDir, r.Id)) && !ConmonAlive(r)
                        && !File.Exists(Path.Combine(ExitDir, r.Id)))
                    {
                        await RecordExitAsync(entry, 255, "conmon exited without recording the container's exit code", oomKilled: false).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "exit poll failed");
            }
        }
    }

    /// <summary>Rotates a running container's log once it reached max-size (see <see cref="Logs.LogPolicy"/>).
    /// Only the poller calls this, so rotations of one container never overlap.</summary>
    private async Task RotateLogIfNeededAsync(ContainerEntry entry, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        if (r.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            return;
        }
        Logs.LogPolicy policy = Logs.LogPolicy.Parse(r.Config.LogConfig);
        string bundle = BundleDir(r.Id);
        string log = Path.Combine(bundle, "ctr.log");
        if (!policy.DaemonRotates || !File.Exists(log) || new FileInfo(log).Length < policy.MaxSize)
        {
            return;
        }
        policy.Rotate(log);
        if (!await Stdio.ControlFifo.ReopenLogsAsync(bundle, ct).ConfigureAwait(false))
        {
            _logger.LogDebug("log of {Id} rotated but conmon is gone", r.Id);
        }
    }

    /// <summary>Processes conmon's exit file for a container (idempotent; safe to call from the watcher and the poller).</summary>
    private async Task HandleExitAsync(string id)
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }
        string file = Path.Combine(ExitDir, id);
        if (!_containers.TryGetValue(id, out ContainerEntry? entry))
        {
            return;
        }
        lock (_exitGate)
        {
            if (!_handlingExit.Add(id))
            {
                return;
            }
        }
        try
        {
            if (entry.Record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            {
                return; // still starting, or already recorded
            }
            string text;
            try
            {
                text = (await File.ReadAllTextAsync(file).ConfigureAwait(false)).Trim();
            }
            catch (FileNotFoundException)
            {
                return;
            }
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
            {
                return; // conmon has not finished writing; the next event or poll retries
            }
            bool oom = File.Exists(Path.Combine(ConmonLauncher.PersistDir(BundleDir(id)), "oom"));
            await RecordExitAsync(entry, code, "", oom).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "handling the exit of {Id} failed", id);
        }
        finally
        {
            lock (_exitGate)
            {
                _handlingExit.Remove(id);
            }
        }
    }

    /// <summary>Marks the run finished: runc state deleted, rootfs unmounted, state saved, "die" published, waiters woken, policy applied.
    /// The watcher, the poller and reconciliation may all see one exit; only the first caller per run records it.</summary>
    private async Task RecordExitAsync(ContainerEntry entry, int code, string error, bool oomKilled)
    {
        ContainerRecord r = entry.Record;
        lock (entry.Sync)
        {
            if (entry.ExitClaimed || r.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            {
                return;
            }
            entry.ExitClaimed = true;
        }
        string bundle = BundleDir(r.Id);
        var phases = new PhaseClock();
        MarkStdioGone(entry, abandonPending: false);
        // Unmounting the rootfs and dropping the network namespace each wait out an RCU grace period
        // in the kernel, and removing the cgroups takes a while on v1's many hierarchies; none of them
        // needs another, so they overlap.
        Task runtime = Task.Run(async () =>
        {
            if (!TryForgetRun(r.Id))
            {
                await _runc.DeleteAsync(r.Id, CancellationToken.None).ConfigureAwait(false);
                _cgroups.Remove(CgroupPath(r.Id)); // whatever runc left (it skips a container it has no state for)
            }
            phases.Mark("runtime");
        });
        Task rootfs = Task.Run(() =>
        {
            CleanupRootfs(bundle, RootfsDir(bundle));
            phases.Mark("rootfs");
        });
        Task network = StopNetworkAsync(entry);
        await ReleaseMountsAsync(entry).ConfigureAwait(false);
        await Task.WhenAll(runtime, rootfs, network).ConfigureAwait(false);
        phases.Mark("released");
        if (r.ConmonPid > 0)
        {
            ChildProcesses.TryReap(r.ConmonPid);
        }
        DateTimeOffset started = r.State.StartedAt ?? _time.GetUtcNow();
        lock (entry.Sync)
        {
            r.State = r.State with
            {
                Status = ContainerStatus.Exited,
                ExitCode = code,
                Error = error,
                OOMKilled = oomKilled,
                Pid = 0,
                FinishedAt = _time.GetUtcNow(),
            };
            r.ConmonPid = 0;
            _store.SaveRunState(r);
        }
        File.Delete(Path.Combine(ExitDir, r.Id));
        phases.Mark("saved");
        _logger.LogDebug("exit {Id}: {Phases}", r.Id[..12], phases);
        if (oomKilled)
        {
            Publish(entry, "oom");
        }
        Publish(entry, "die", new Dictionary<string, string> { ["exitCode"] = code.ToString(CultureInfo.InvariantCulture) });
        entry.Exited.TrySetResult(code);

        if (ShouldRestart(r, code))
        {
            // Docker's restart manager: 100ms doubling per quick failure, reset after 10s of running.
            TimeSpan ran = _time.GetUtcNow() - started;
            entry.RestartBackoff = ran >= TimeSpan.FromSeconds(10) || entry.RestartBackoff == TimeSpan.Zero
                ? TimeSpan.FromMilliseconds(100)
                : TimeSpan.FromTicks(Math.Min(entry.RestartBackoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            ScheduleRestart(entry);
        }
        else if (r.Config.AutoRemove && !entry.Removing)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RemoveAsync(r.Id, force: true, removeVolumes: true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is Core.Errors.EngineException or IOException)
                {
                    _logger.LogWarning(e, "auto-removing {Id} failed", r.Id);
                }
            });
        }
    }

    /// <summary>
    /// Cleans up after an exited run without `runc delete`: every Berth container has its own pid
    /// namespace (OciSpecBuilder), so once its init's exit is reported the kernel has killed and
    /// reaped everything else in it and the cgroups are empty. False (runc delete --force then
    /// does the work) when a cgroup still holds a process, e.g. a frozen one.
    /// </summary>
    private bool TryForgetRun(string id)
    {
        try
        {
            _cgroups.Remove(CgroupPath(id));
            _runc.ForgetStopped(id);
            return true;
        }
        catch (IOException e)
        {
            _logger.LogDebug(e, "cleaning up {Id} without runc failed; running runc delete", id);
            return false;
        }
    }

    private static bool ShouldRestart(ContainerRecord r, int exitCode)
    {
        if (r.ManuallyStopped)
        {
            return false;
        }
        RestartPolicy p = r.Config.RestartPolicy;
        return p.Name switch
        {
            "always" or "unless-stopped" => true,
            "on-failure" => exitCode != 0 && (p.MaximumRetryCount == 0 || r.RestartCount < p.MaximumRetryCount),
            _ => false,
        };
    }

    private void ScheduleRestart(ContainerEntry entry)
    {
        ContainerRecord r = entry.Record;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        entry.RestartDelay = cts;
        lock (entry.Sync)
        {
            r.State = r.State with { Status = ContainerStatus.Restarting };
            _store.SaveRunState(r);
        }
        TimeSpan delay = entry.RestartBackoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : entry.RestartBackoff;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, _time, cts.Token).ConfigureAwait(false);
                await entry.Operation.WaitAsync(cts.Token).ConfigureAwait(false);
                try
                {
                    if (r.State.Status != ContainerStatus.Restarting || entry.Removing)
                    {
                        return;
                    }
                    lock (entry.Sync)
                    {
                        r.RestartCount++;
                    }
                    await StartCoreAsync(entry, cts.Token).ConfigureAwait(false);
                }
                finally
                {
                    entry.Operation.Release();
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e) when (e is Core.Errors.EngineException or IOException)
            {
                _logger.LogWarning(e, "restarting {Id} failed", r.Id);
            }
        });
    }
}
