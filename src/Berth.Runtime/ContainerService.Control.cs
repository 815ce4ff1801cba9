using System.Globalization;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Linux;
using Berth.Runtime.State;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    private const int DefaultStopTimeout = 10;

    public async Task StopAsync(string nameOrId, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await StopCoreAsync(entry, timeoutSeconds, signal, cancellationToken).ConfigureAwait(false))
            {
                throw EngineException.NotModified("Container is already stopped");
            }
        }
        finally
        {
            entry.Operation.Release();
        }
        Publish(entry, "stop");
    }

    /// <summary>Stop signal, wait, SIGKILL. Returns false when there was nothing to stop. Caller holds the operation lock.</summary>
    private async Task<bool> StopCoreAsync(ContainerEntry entry, int? timeoutSeconds, string? signal, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        lock (entry.Sync)
        {
            r.ManuallyStopped = true;
            if (r.State.Status == ContainerStatus.Restarting)
            {
                entry.RestartDelay?.Cancel();
                r.State = r.State with { Status = ContainerStatus.Exited };
                _store.Save(r);
                return true;
            }
            if (r.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            {
                return false;
            }
            _store.Save(r);
        }
        Task<int> exited = entry.Exited.Task;
        int stopSignal = ParseSignal(signal ?? r.Config.StopSignal, ProcessSignals.SIGTERM);
        int timeout = timeoutSeconds ?? r.Config.StopTimeout ?? DefaultStopTimeout;
        if (timeout != 0)
        {
            await SignalAsync(entry, stopSignal, ct).ConfigureAwait(false);
            Task finished = timeout < 0 ? exited : await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(timeout), _time, ct)).ConfigureAwait(false);
            if (finished == exited)
            {
                return true;
            }
        }
        await SignalAsync(entry, ProcessSignals.SIGKILL, ct).ConfigureAwait(false);
        await exited.WaitAsync(TimeSpan.FromSeconds(30), _time, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>runc kill (to every process for SIGKILL); a paused container is thawed so the signal is delivered.</summary>
    private async Task SignalAsync(ContainerEntry entry, int signal, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        try
        {
            await _runc.KillAsync(r.Id, signal, all: signal == ProcessSignals.SIGKILL, ct).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            if (entry.Exited.Task.IsCompleted || await _runc.StateAsync(r.Id, ct).ConfigureAwait(false) is not { Status: "running" or "paused" or "created" })
            {
                return; // exited meanwhile
            }
            throw;
        }
        Publish(entry, "kill", new Dictionary<string, string> { ["signal"] = signal.ToString(CultureInfo.InvariantCulture) });
        // runc kill --all thaws the cgroup itself (runc 1.1 freezes, signals, thaws), so resume only if still frozen.
        if (r.State.Status == ContainerStatus.Paused && await _runc.StateAsync(r.Id, ct).ConfigureAwait(false) is { Status: "paused" })
        {
            await _runc.ResumeAsync(r.Id, ct).ConfigureAwait(false);
            lock (entry.Sync)
            {
                if (r.State.Status == ContainerStatus.Paused)
                {
                    r.State = r.State with { Status = ContainerStatus.Running };
                }
            }
        }
    }

    public async Task KillAsync(string nameOrId, string? signal, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        int sig = ParseSignal(signal, ProcessSignals.SIGKILL);
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerRecord r = entry.Record;
            if (r.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            {
                throw EngineException.Conflict($"container {r.Id} is not running");
            }
            if (sig == ProcessSignals.SIGKILL || sig == ParseSignal(r.Config.StopSignal, ProcessSignals.SIGTERM))
            {
                lock (entry.Sync)
                {
                    r.ManuallyStopped = true;
                    _store.Save(r);
                }
            }
            await SignalAsync(entry, sig, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            entry.Operation.Release();
        }
    }

    public async Task RestartAsync(string nameOrId, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await StopCoreAsync(entry, timeoutSeconds, signal, cancellationToken).ConfigureAwait(false))
            {
                Publish(entry, "stop");
            }
            lock (entry.Sync)
            {
                entry.Record.ManuallyStopped = false;
            }
            await StartCoreAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            entry.Operation.Release();
        }
        Publish(entry, "restart");
    }

    public async Task PauseAsync(string nameOrId, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerRecord r = entry.Record;
            if (r.State.Status == ContainerStatus.Paused)
            {
                throw EngineException.Conflict($"Container {r.Id} is already paused");
            }
            if (r.State.Status != ContainerStatus.Running)
            {
                throw EngineException.Conflict($"Container {r.Id} is not running");
            }
            await _runc.PauseAsync(r.Id, cancellationToken).ConfigureAwait(false);
            SetStatus(entry, ContainerStatus.Paused);
        }
        finally
        {
            entry.Operation.Release();
        }
        Publish(entry, "pause");
    }

    public async Task UnpauseAsync(string nameOrId, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerRecord r = entry.Record;
            if (r.State.Status != ContainerStatus.Paused)
            {
                throw EngineException.Conflict($"Container {r.Id} is not paused");
            }
            await _runc.ResumeAsync(r.Id, cancellationToken).ConfigureAwait(false);
            SetStatus(entry, ContainerStatus.Running);
        }
        finally
        {
            entry.Operation.Release();
        }
        Publish(entry, "unpause");
    }

    private void SetStatus(ContainerEntry entry, ContainerStatus status)
    {
        lock (entry.Sync)
        {
            entry.Record.State = entry.Record.State with { Status = status };
            _store.Save(entry.Record);
        }
    }

    public async Task<int> WaitAsync(string nameOrId, WaitCondition condition, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        switch (condition)
        {
            case WaitCondition.Removed:
                return await entry.Removed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            case WaitCondition.NextExit:
                // The next exit, not the last one: a signal an earlier run completed is replaced, so
                // a wait asked for before `start` (docker run) sees this run's end.
                Task<int> next;
                lock (entry.Sync)
                {
                    if (entry.Exited.Task.IsCompleted)
                    {
                        entry.Exited = ContainerEntry.NewSignal();
                    }
                    next = entry.Exited.Task;
                }
                return await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            default:
                while (true)
                {
                    Task<int> exited = entry.Exited.Task;
                    ContainerStatus status = entry.Record.State.Status;
                    if (status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting))
                    {
                        return entry.Record.State.ExitCode;
                    }
                    if (status == ContainerStatus.Restarting)
                    {
                        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
        }
    }

    public async Task RemoveAsync(string nameOrId, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        ContainerRecord r = entry.Record;
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Removing && !_containers.ContainsKey(r.Id))
            {
                return;
            }
            ContainerStatus status = r.State.Status;
            if (status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
            {
                if (!force)
                {
                    string what = status == ContainerStatus.Paused ? "paused" : status == ContainerStatus.Restarting ? "restarting" : "running";
                    throw EngineException.Conflict($"cannot remove container \"{r.Name}\": container is {what}: stop the container before removing or force remove");
                }
                await StopCoreAsync(entry, 0, null, cancellationToken).ConfigureAwait(false);
            }
            entry.Removing = true;
            entry.RestartDelay?.Cancel();
            lock (entry.Sync)
            {
                r.State = r.State with { Status = ContainerStatus.Removing };
            }
            string bundle = BundleDir(r.Id);
            await _runc.DeleteAsync(r.Id, CancellationToken.None).ConfigureAwait(false);
            foreach (string mount in Mounts.MountPointsUnder(bundle).OrderByDescending(m => m.Length))
            {
                Mounts.Unmount(mount, Mounts.MNT_DETACH);
            }
            _cgroups.Remove(CgroupPath(r.Id));
            File.Delete(Path.Combine(ExitDir, r.Id));
            DropExecs(r.Id);
            MarkStdioGone(entry, abandonPending: true);
            if (r.NetnsPath is not null)
            {
                await StopNetworkAsync(entry).ConfigureAwait(false);
            }
            if (Directory.Exists(bundle))
            {
                Directory.Delete(bundle, recursive: true);
            }
            _containers.TryRemove(r.Id, out _);
        }
        finally
        {
            entry.Operation.Release();
        }
        if (removeVolumes)
        {
            await RemoveAnonymousVolumesAsync(r.Mounts).ConfigureAwait(false);
        }
        Publish(entry, "destroy");
        entry.Removed.TrySetResult(r.State.ExitCode);
    }

    public Task RenameAsync(string nameOrId, string newName, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        string oldName = entry.Record.Name;
        lock (_names)
        {
            string name = ContainerNames.Normalize(newName);
            if (name == oldName)
            {
                throw EngineException.InvalidArgument("Renaming a container with the same name as its current name");
            }
            ContainerEntry? holder = _containers.Values.FirstOrDefault(e => e.Record.Name == name);
            if (holder is not null)
            {
                throw EngineException.Conflict("Error when allocating new name: " + ContainerNames.ConflictMessage(name, holder.Record.Id));
            }
            lock (entry.Sync)
            {
                entry.Record.Name = name;
                _store.Save(entry.Record);
            }
        }
        Publish(entry, "rename", new Dictionary<string, string> { ["oldName"] = oldName });
        return Task.CompletedTask;
    }
}
