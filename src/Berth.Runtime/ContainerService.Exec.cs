using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Runtime.Oci;
using Berth.Runtime.State;
using Berth.Runtime.Stdio;

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
        if (spec.Tty)
        {
            throw EngineException.InvalidArgument("exec with a TTY is not supported by Berth yet");
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
        string bundle = BundleDir(r.Id);
        string processFile = Path.Combine(bundle, $"exec-{execId}.json");
        string pidFile = Path.Combine(bundle, $"exec-{execId}.pid");
        await File.WriteAllTextAsync(processFile, ExecProcessJson(r, exec.Spec, RootfsDir(bundle)).ToJsonString(), cancellationToken).ConfigureAwait(false);

        ProcessStartInfo psi = _runc.ExecStartInfo(r.Id, processFile, pidFile);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        Process process = Process.Start(psi) ?? throw EngineException.Internal("cannot start runc exec");
        var session = new ExecSession(process, exec.Spec);
        Publish(entry, "exec_start: " + string.Join(' ', exec.Spec.Cmd), new Dictionary<string, string> { ["execID"] = execId });
        _ = Task.Run(async () =>
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            await session.Completion.ConfigureAwait(false);
            lock (exec)
            {
                exec.ExitCode = process.ExitCode;
                exec.Running = false;
            }
            process.Dispose();
            File.Delete(processFile);
            File.Delete(pidFile);
            Publish(entry, "exec_die", new Dictionary<string, string> { ["execID"] = execId, ["exitCode"] = exec.ExitCode.Value.ToString(CultureInfo.InvariantCulture) });
        }, CancellationToken.None);
        _ = Task.Run(async () =>
        {
            for (int i = 0; i < 100 && exec.Pid == 0 && exec.Running; i++)
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out int pid))
                {
                    exec.Pid = pid;
                    break;
                }
                await Task.Delay(20).ConfigureAwait(false);
            }
        }, CancellationToken.None);

        if (detach)
        {
            _ = Task.Run(async () =>
            {
                await foreach (var _ in session.ReadOutputAsync(CancellationToken.None).ConfigureAwait(false))
                {
                }
            }, CancellationToken.None);
            return null;
        }
        return session;
    }

    public Task<ExecInfo> ExecInspectAsync(string execId, CancellationToken cancellationToken)
    {
        ExecEntry exec = FindExec(execId);
        lock (exec)
        {
            return Task.FromResult(new ExecInfo(exec.Id, exec.ContainerId, exec.Spec, exec.Running, exec.ExitCode, exec.Pid));
        }
    }

    public Task ExecResizeAsync(string execId, int height, int width, CancellationToken cancellationToken)
    {
        FindExec(execId);
        return Task.CompletedTask; // non-TTY execs have no terminal to resize
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
            ["terminal"] = false,
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
            ["noNewPrivileges"] = false,
        };
    }
}
