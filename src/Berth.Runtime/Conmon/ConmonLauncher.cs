using System.Globalization;
using System.Text.Json;
using Berth.Core.Errors;
using Berth.Linux;
using Berth.Linux.Native;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Starts conmon the way podman does (libpod/oci_conmon_common.go): conmon runs `runc create` and
/// reports the container pid as one JSON line ({"data": pid} or {"data": -1, "message": ...}) on the
/// pipe named by _OCI_SYNCPIPE. conmon gets its own session so it survives the daemon; its first
/// process exits after forking the monitor, and we reap it.
/// </summary>
internal sealed class ConmonLauncher(string conmonPath, RuncCli runc, string exitDir)
{
    private const int SyncFd = 3;

    public string ExitDir { get; } = exitDir;

    public static string PidFile(string bundle) => Path.Combine(bundle, "pidfile");
    public static string ConmonPidFile(string bundle) => Path.Combine(bundle, "conmon.pid");
    public static string AttachSocket(string bundle) => Path.Combine(bundle, "attach");
    public static string ControlFifo(string bundle) => Path.Combine(bundle, "ctl");
    public static string PersistDir(string bundle) => Path.Combine(bundle, "persist");

    /// <summary>Returns (container pid, conmon pid). Throws Internal with the runtime's error on failure.</summary>
    public async Task<(int Pid, int ConmonPid)> CreateAsync(ConmonRequest request, CancellationToken ct)
    {
        foreach (string stale in new[] { PidFile(request.BundleDir), ConmonPidFile(request.BundleDir), AttachSocket(request.BundleDir), ControlFifo(request.BundleDir), Path.Combine(request.BundleDir, "winsz") })
        {
            File.Delete(stale);
        }
        File.Delete(Path.Combine(ExitDir, request.ContainerId));
        Directory.CreateDirectory(PersistDir(request.BundleDir));
        string runtimeLog = Path.Combine(request.BundleDir, "runc.log");
        File.Delete(runtimeLog);

        var args = new List<string>
        {
            "--api-version", "1",
            "-c", request.ContainerId,
            "-u", request.ContainerId,
            "-r", ResolveExecutable(runc.RuntimePath),
            "-b", request.BundleDir,
            "-p", PidFile(request.BundleDir),
            "-n", request.Name.TrimStart('/'),
            "--exit-dir", ExitDir,
            "--persist-dir", PersistDir(request.BundleDir),
            "--full-attach",
            "-l", "k8s-file:" + request.LogPath,
            "--conmon-pidfile", ConmonPidFile(request.BundleDir),
            "--runtime-arg", "--root=" + runc.StateRoot,
            "--runtime-arg", "--log-format=json",
            "--runtime-arg", "--log=" + runtimeLog,
        };
        if (request.LogSizeMax > 0)
        {
            args.Add("--log-size-max");
            args.Add(request.LogSizeMax.ToString(CultureInfo.InvariantCulture));
        }
        if (request.Tty)
        {
            args.Add("-t");
        }
        if (request.Stdin)
        {
            args.Add("-i");
            // conmon closes the container's stdin when any attach connection ends, a detach included.
            // Docker closes it only for StdinOnce without a TTY (container/stream/attach.go): a TTY
            // keeps its stdin after a Ctrl-P Ctrl-Q detach, so the next attach can type into it.
            if (!request.StdinOnce || request.Tty)
            {
                args.Add("--leave-stdin-open");
            }
        }

        var env = new List<string> { $"_OCI_SYNCPIPE={SyncFd}", "PATH=" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin") };
        var (read, write) = ProcessSpawner.CreatePipe();
        int pid;
        using (read)
        {
            using (write)
            {
                pid = ProcessSpawner.Spawn(ResolveExecutable(conmonPath), args, env, [(write, SyncFd)], newSession: true);
            }
            int exit = await Task.Run(() => ChildProcesses.WaitForExit(pid), ct).ConfigureAwait(false);
            string line;
            using (var stream = new FileStream(read, FileAccess.Read, 1, isAsync: false))
            using (var reader = new StreamReader(stream))
            {
                line = await Task.Run(reader.ReadLine, ct).ConfigureAwait(false) ?? "";
            }
            if (line.Length == 0)
            {
                await ReapFailedMonitorAsync(request.BundleDir).ConfigureAwait(false);
                throw EngineException.Internal($"conmon failed (exit status {exit}): {RuntimeError(runtimeLog)}");
            }
            using var doc = JsonDocument.Parse(line);
            int data = doc.RootElement.GetProperty("data").GetInt32();
            if (data <= 0)
            {
                string message = doc.RootElement.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? "" : "";
                string detail = RuntimeError(runtimeLog);
                await ReapFailedMonitorAsync(request.BundleDir).ConfigureAwait(false);
                throw EngineException.Internal("OCI runtime create failed: " + (detail.Length > 0 ? detail : RuncCli.ErrorText(message)));
            }
            int conmonPid = int.TryParse(File.ReadAllText(ConmonPidFile(request.BundleDir)).Trim(), CultureInfo.InvariantCulture, out int cp) ? cp : 0;
            return (data, conmonPid);
        }
    }

    /// <summary>A monitor whose `runc create` failed exits right after reporting it; as its subreaper we
    /// must wait for it, or it stays a zombie (nobody records its pid).</summary>
    private static async Task ReapFailedMonitorAsync(string bundle)
    {
        string pidFile = ConmonPidFile(bundle);
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out int pid) || pid <= 0)
        {
            return;
        }
        Task reaped = Task.Run(() =>
        {
            try
            {
                ChildProcesses.WaitForExit(pid);
            }
            catch (SyscallException)
            {
                // Not our child (the daemon is no subreaper): init reaps it.
            }
        });
        try
        {
            await reaped.WaitAsync(MonitorExitGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still running against all expectation; the wait goes on in the background.
        }
    }

    private static readonly TimeSpan MonitorExitGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts `conmon --exec` for one exec session (podman's oci_conmon_exec_linux.go): runc exec runs
    /// under conmon, which holds its stdio (attach socket, ctl fifo for resize), so the process
    /// survives a daemon restart and its exit code lands in an exit file. Exec output is not logged,
    /// as in Docker.
    /// </summary>
    public async Task<ConmonExecProcess> ExecAsync(ConmonExecRequest request, CancellationToken ct)
    {
        Directory.CreateDirectory(request.ExitDir);
        string runtimeLog = Path.Combine(request.BundleDir, "runc.log");
        var args = new List<string>
        {
            "--api-version", "1",
            "-c", request.ContainerId,
            "-u", request.ExecId,
            "-r", ResolveExecutable(runc.RuntimePath),
            "-b", request.BundleDir,
            "-p", Path.Combine(request.BundleDir, "pid"),
            "--exit-dir", request.ExitDir,
            "--full-attach",
            "-l", "none",
            "--conmon-pidfile", ConmonPidFile(request.BundleDir),
            "-e",
            "--exec-process-spec", request.ProcessSpecPath,
            "--runtime-arg", "--root=" + runc.StateRoot,
            "--runtime-arg", "--log-format=json",
            "--runtime-arg", "--log=" + runtimeLog,
        };
        if (request.Tty)
        {
            args.Add("-t");
        }
        if (request.Stdin)
        {
            args.Add("-i");
        }
        if (request.Attach)
        {
            args.Add("--exec-attach");
        }

        var (sync, syncChild) = UnixSocketPair.Create();
        var (start, startChild) = UnixSocketPair.Create();
        System.Net.Sockets.Socket? attach = null;
        Microsoft.Win32.SafeHandles.SafeFileHandle? attachChild = null;
        var env = new List<string> { $"_OCI_SYNCPIPE={SyncFd}", $"_OCI_STARTPIPE={SyncFd + 1}", "PATH=" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin") };
        var fds = new List<(System.Runtime.InteropServices.SafeHandle, int)> { (syncChild, SyncFd), (startChild, SyncFd + 1) };
        if (request.Attach)
        {
            (attach, attachChild) = UnixSocketPair.Create();
            env.Add($"_OCI_ATTACHPIPE={SyncFd + 2}");
            fds.Add((attachChild, SyncFd + 2));
        }
        var process = new ConmonExecProcess(sync, start, attach, runtimeLog);
        int pid;
        try
        {
            using (syncChild)
            using (startChild)
            using (attachChild)
            {
                pid = ProcessSpawner.Spawn(ResolveExecutable(conmonPath), args, env, fds, newSession: true);
            }
            // conmon blocks on this first message before it forks its monitor (podman sends it once
            // the monitor may be moved into a cgroup; Berth has nothing to do there).
            await process.SignalStartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        int exit = await Task.Run(() => ChildProcesses.WaitForExit(pid), CancellationToken.None).ConfigureAwait(false);
        string pidFile = ConmonPidFile(request.BundleDir);
        if (exit != 0 || !File.Exists(pidFile))
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw EngineException.Internal($"conmon failed (exit status {exit}): {RuntimeError(runtimeLog)}");
        }
        process.ConmonPid = int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out int cp) ? cp : 0;
        return process;
    }

    /// <summary>The last "msg" runc wrote to its JSON log.</summary>
    internal static string RuntimeError(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return "";
        }
        string message = "";
        foreach (string line in File.ReadLines(logPath))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("msg", out JsonElement m) && doc.RootElement.TryGetProperty("level", out JsonElement l) && l.GetString() == "error")
                {
                    message = m.GetString() ?? message;
                }
            }
            catch (JsonException)
            {
            }
        }
        return message;
    }

    private static string ResolveExecutable(string name)
    {
        if (name.Contains('/'))
        {
            return name;
        }
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw EngineException.Internal($"{name}: executable file not found in $PATH");
    }
}
