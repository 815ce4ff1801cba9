using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Runtime.Conmon;
using Berth.Runtime.Oci;
using Berth.Runtime.State;
using Berth.Runtime.Stdio;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    public Task<string> ExecCreateAsync(string nameOrId, ExecSpec spec, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        EnsureExecutable(entry);
        if (spec.Cmd.Count == 0)
        {
            throw EngineException.InvalidArgument("No exec command specified");
        }
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _execs[id] = new ExecEntry(id, entry.Record.Id, spec);
        Publish(entry, "exec_create: " + string.Join(' ', spec.Cmd), new Dictionary<string, string> { ["execID"] = id });
        return Task.FromResult(id);
    }

    private static void EnsureExecutable(ContainerEntry entry)
    {
        ContainerRecord r = entry.Record;
        if (r.State.Status == ContainerStatus.Paused)
        {
            throw EngineException.Conflict($"Container {r.Id} is paused, unpause the container before exec");
        }
        if (r.State.Status != ContainerStatus.Running)
        {
            throw EngineException.Conflict($"container {r.Id} is not running");
        }
    }

    private string ExecDir(string containerId, string execId) => Path.Combine(BundleDir(containerId), "execs", execId);

    private static string ExecExitFile(string execDir, string containerId) => Path.Combine(execDir, "exits", containerId);

    /// <summary>
    /// Runs the exec under its own conmon (see <see cref="ConmonLauncher.ExecAsync"/>). Attached:
    /// connects to conmon's attach socket before runc exec runs, so nothing is lost; the session's
    /// output ends once the exit code is recorded.
    /// </summary>
    public async Task<IStdioSession?> ExecStartAsync(string execId, bool detach, CancellationToken cancellationToken)
    {
        ExecEntry exec = FindExec(execId);
        ContainerEntry entry = Find(exec.ContainerId);
        EnsureExecutable(entry);
        lock (exec)
        {
            if (exec.Started)
            {
                throw EngineException.Conflict($"Error: Exec command {execId} is already running");
            }
            exec.Started = true;
            exec.Running = true;
        }
        ContainerRecord r = entry.Record;
        string dir = ExecDir(r.Id, execId);
        Directory.CreateDirectory(dir);
        string processFile = Path.Combine(dir, "process.json");
        ExecSpec spec = exec.Spec;
        bool attach = !detach;
        ConmonExecProcess? conmon = null;
        ConmonAttachSession? socket = null;
        try
        {
            await File.WriteAllTextAsync(processFile, ExecProcessJson(r, spec, RootfsDir(BundleDir(r.Id))).ToJsonString(), cancellationToken).ConfigureAwait(false);
            _attachWarmer.Warm(); // runc exec joins the container's cgroup: see CgroupAttachWarmer
            var request = new ConmonExecRequest(r.Id, execId, dir, Path.Combine(dir, "exits"), processFile, spec.Tty, attach && spec.AttachStdin, attach);
            conmon = await _conmon.ExecAsync(request, cancellationToken).ConfigureAwait(false);
            lock (exec)
            {
                exec.ConmonPid = conmon.ConmonPid;
            }
            if (attach)
            {
                await conmon.WaitAttachReadyAsync(cancellationToken).ConfigureAwait(false);
                var options = new AttachOptions(spec.AttachStdin, spec.AttachStdout, spec.AttachStderr);
                socket = await ConmonAttachSession.ConnectAsync(dir, spec.Tty, options, cancellationToken).ConfigureAwait(false);
                await conmon.SignalStartAsync(cancellationToken).ConfigureAwait(false);
            }
            int pid = await conmon.ReadPidAsync(cancellationToken).ConfigureAwait(false);
            lock (exec)
            {
                exec.Pid = pid;
            }
            SaveExec(exec);
        }
        catch (Exception e) when (e is EngineException or IOException or System.Net.Sockets.SocketException or JsonException)
        {
            if (socket is not null)
            {
                await socket.DisposeAsync().ConfigureAwait(false);
            }
            if (conmon is not null)
            {
                await conmon.DisposeAsync().ConfigureAwait(false);
            }
            // Docker's exit codes for an exec that never ran: 127 not found, 126 otherwise.
            string message = e.Message;
            CompleteExec(entry, exec, StartErrorCode.FromMessage(message, spec.Cmd[0], StartErrorCode.CannotInvoke), publish: false);
            throw e as EngineException ?? EngineException.Internal(message, e);
        }
        Publish(entry, "exec_start: " + string.Join(' ', spec.Cmd), new Dictionary<string, string> { ["execID"] = execId });
        _ = Task.Run(() => WatchExecAsync(entry, exec, conmon, dir), CancellationToken.None);
        return socket is null ? null : new ExecAttachSession(socket, exec.Exited.Task);
    }

    /// <summary>Waits for conmon's exit report (sync pipe, else the exit file) and records it.</summary>
    private async Task WatchExecAsync(ContainerEntry entry, ExecEntry exec, ConmonExecProcess conmon, string dir)
    {
        await using (conmon.ConfigureAwait(false))
        {
            int? code = await conmon.ReadExitCodeAsync(_shutdown.Token).ConfigureAwait(false);
            code ??= ReadExitFile(ExecExitFile(dir, exec.ContainerId));
            if (code is null && !_shutdown.IsCancellationRequested)
            {
                // conmon went away without a word (killed): its exec is gone too.
                code = ReadExitFile(ExecExitFile(dir, exec.ContainerId)) ?? 137;
            }
            if (code is { } c)
            {
                CompleteExec(entry, exec, c, publish: true);
            }
        }
    }

    private void CompleteExec(ContainerEntry entry, ExecEntry exec, int code, bool publish)
    {
        lock (exec)
        {
            if (!exec.Running)
            {
                return;
            }
            exec.Running = false;
            exec.ExitCode = code;
        }
        try
        {
            SaveExec(exec);
        }
        catch (IOException e)
        {
            _logger.LogDebug(e, "exec {Id}: cannot save its exit", exec.Id); // container removed meanwhile
        }
        exec.Exited.TrySetResult(code);
        if (publish)
        {
            Publish(entry, "exec_die", new Dictionary<string, string> { ["execID"] = exec.Id, ["exitCode"] = code.ToString(CultureInfo.InvariantCulture) });
        }
    }

    private static int? ReadExitFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code) ? code : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void SaveExec(ExecEntry exec)
    {
        string dir = ExecDir(exec.ContainerId, exec.Id);
        if (!Directory.Exists(dir))
        {
            return;
        }
        ExecRecord record;
        lock (exec)
        {
            record = exec.ToRecord();
        }
        string target = Path.Combine(dir, "exec.json");
        File.WriteAllBytes(target + ".tmp", JsonSerializer.SerializeToUtf8Bytes(record, RuntimeJsonContext.Default.ExecRecord));
        File.Move(target + ".tmp", target, overwrite: true);
    }

    /// <summary>Loads the execs of a re-adopted container; an exit that happened while the daemon
    /// was down is read from the exit file conmon left.</summary>
    private void LoadExecs(ContainerEntry entry)
    {
        string root = Path.Combine(BundleDir(entry.Record.Id), "execs");
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (string dir in Directory.EnumerateDirectories(root))
        {
            ExecRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(dir, "exec.json")), RuntimeJsonContext.Default.ExecRecord);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                continue; // never started
            }
            if (record is null || record.ContainerId != entry.Record.Id)
            {
                continue;
            }
            var exec = new ExecEntry(record.Id, record.ContainerId, record.Spec) { Started = true, Pid = record.Pid, ConmonPid = record.ConmonPid, ExitCode = record.ExitCode };
            exec.Running = record.ExitCode is null;
            if (record.ExitCode is { } known)
            {
                exec.Exited.TrySetResult(known);
            }
            _execs[exec.Id] = exec;
            RefreshExec(exec);
        }
    }

    /// <summary>Picks up an exit the daemon did not see (it happened while no daemon was watching).</summary>
    private void RefreshExec(ExecEntry exec)
    {
        if (!exec.Running || !exec.Started || !_containers.TryGetValue(exec.ContainerId, out ContainerEntry? entry))
        {
            return;
        }
        string dir = ExecDir(exec.ContainerId, exec.Id);
        int? code = ReadExitFile(ExecExitFile(dir, exec.ContainerId));
        if (code is null && exec.ConmonPid > 0 && !ConmonAlive(exec.ConmonPid, exec.Id))
        {
            code = ReadExitFile(ExecExitFile(dir, exec.ContainerId)) ?? 137;
        }
        if (code is { } c)
        {
            CompleteExec(entry, exec, c, publish: true);
        }
    }

    /// <summary>Forgets the execs of a container whose run ended (they died with it).</summary>
    private void DropExecs(string containerId)
    {
        foreach (var exec in _execs.Where(e => e.Value.ContainerId == containerId).ToList())
        {
            _execs.TryRemove(exec.Key, out _);
            exec.Value.Exited.TrySetResult(exec.Value.ExitCode ?? 137);
        }
        string root = Path.Combine(BundleDir(containerId), "execs");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public Task<ExecInfo> ExecInspectAsync(string execId, CancellationToken cancellationToken)
    {
        ExecEntry exec = FindExec(execId);
        RefreshExec(exec);
        lock (exec)
        {
            return Task.FromResult(new ExecInfo(exec.Id, exec.ContainerId, exec.Spec, exec.Running, exec.ExitCode, exec.Pid));
        }
    }

    public async Task ExecResizeAsync(string execId, int height, int width, CancellationToken cancellationToken)
    {
        ExecEntry exec = FindExec(execId);
        if (!exec.Running || !exec.Started)
        {
            throw EngineException.Conflict($"Exec {execId} is not running");
        }
        if (exec.Spec.Tty)
        {
            await ControlFifo.ResizeAsync(ExecDir(exec.ContainerId, execId), height, width, cancellationToken).ConfigureAwait(false);
        }
    }

    private ExecEntry FindExec(string execId) =>
        _execs.TryGetValue(execId, out ExecEntry? exec) ? exec : throw EngineException.NotFound("No such exec instance: " + execId);

    /// <summary>The OCI process for `runc exec`: the container's env and user unless overridden, its capabilities (all with --privileged).</summary>
    private static JsonObject ExecProcessJson(ContainerRecord r, ExecSpec spec, string rootfs)
    {
        ContainerSpec c = r.Config;
        string? userSpec = string.IsNullOrEmpty(spec.User) ? c.User : spec.User;
        ExecUser user = UserResolver.Resolve(userSpec, ReadInside(rootfs, "etc/passwd"), ReadInside(rootfs, "etc/group"));
        var env = EnvironmentBuilder.Build(c.Hostname ?? r.Id[..12], spec.Tty, EnvironmentBuilder.Merge(c.Env, spec.Env));
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            env.Add("HOME=" + user.Home);
        }
        IReadOnlyList<string> caps = Capabilities.Compute(c.CapAdd, c.CapDrop, c.Privileged || spec.Privileged);
        JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        return new JsonObject
        {
            ["terminal"] = spec.Tty,
            ["user"] = new JsonObject
            {
                ["uid"] = user.Uid,
                ["gid"] = user.Gid,
                ["additionalGids"] = new JsonArray(user.AdditionalGids.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
            },
            ["args"] = Strings(spec.Cmd),
            ["env"] = Strings(env),
            ["cwd"] = string.IsNullOrEmpty(spec.WorkingDir) ? (string.IsNullOrEmpty(c.WorkingDir) ? "/" : c.WorkingDir) : spec.WorkingDir,
            ["capabilities"] = new JsonObject { ["bounding"] = Strings(caps), ["effective"] = Strings(caps), ["permitted"] = Strings(caps) },
            ["noNewPrivileges"] = SecurityOptions.Parse(c.SecurityOpt).NoNewPrivileges,
        };
    }
}
