using System.Diagnostics;
using System.Text.Json;
using Berth.Core.Errors;

namespace Berth.Runtime.Conmon;

/// <summary>The runc command line with a private state root (--root), so Berth's containers never
/// mix with Docker's or another daemon's.</summary>
internal sealed class RuncCli(string runtimePath, string stateRoot)
{
    public string RuntimePath { get; } = runtimePath;
    public string StateRoot { get; } = stateRoot;

    /// <summary>Starts a created container: through its exec fifo when runc left one, else `runc start`.</summary>
    public async Task StartAsync(string id, int initPid, CancellationToken ct)
    {
        if (!await ExecFifo.TryStartAsync(Path.Combine(StateRoot, id), initPid, ct).ConfigureAwait(false))
        {
            await RunCheckedAsync(ct, "start", id).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Drops runc's state directory of a container whose init has exited: with the cgroups the caller
    /// removes, this is what `runc delete` does for a stopped container (libcontainer's destroy),
    /// without the fork+exec of runc (≈ 6 ms on every exit). Sound only for a container with its own
    /// pid namespace, whose processes the kernel has killed and reaped before the init's exit is reported.
    /// </summary>
    public void ForgetStopped(string id)
    {
        string dir = Path.Combine(StateRoot, id);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public Task KillAsync(string id, int signal, bool all, CancellationToken ct) =>
        all ? RunCheckedAsync(ct, "kill", "--all", id, signal.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : RunCheckedAsync(ct, "kill", id, signal.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task PauseAsync(string id, CancellationToken ct) => RunCheckedAsync(ct, "pause", id);

    public Task ResumeAsync(string id, CancellationToken ct) => RunCheckedAsync(ct, "resume", id);

    /// <summary>Deletes runc's state (and the cgroup); a missing container is not an error.</summary>
    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        // Without its state directory runc knows nothing to delete (it would only remove that
        // directory); skipping the process saves a fork+exec on every start, exit and rm.
        if (!Directory.Exists(Path.Combine(StateRoot, id)))
        {
            return;
        }
        await RunAsync(ct, "delete", "--force", id).ConfigureAwait(false);
    }

    /// <summary>runc's status ("created", "running", "paused", "stopped") and pid, or null when runc does not know the container.</summary>
    public async Task<(string Status, int Pid)?> StateAsync(string id, CancellationToken ct)
    {
        var (code, stdout, _) = await RunAsync(ct, "state", id).ConfigureAwait(false);
        if (code != 0)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(stdout);
        string status = doc.RootElement.GetProperty("status").GetString() ?? "";
        int pid = doc.RootElement.TryGetProperty("pid", out JsonElement p) ? p.GetInt32() : 0;
        return (status, pid);
    }

    private async Task RunCheckedAsync(CancellationToken ct, params string[] args)
    {
        var (code, _, stderr) = await RunAsync(ct, args).ConfigureAwait(false);
        if (code != 0)
        {
            throw EngineException.Internal($"runc {args[0]} failed: {ErrorText(stderr)}");
        }
    }

    /// <summary>runc logs errors as logfmt ('level=error msg="..."'); the msg is what users should see.</summary>
    public static string ErrorText(string stderr)
    {
        string text = stderr.Trim();
        int msg = text.LastIndexOf("msg=\"", StringComparison.Ordinal);
        if (msg >= 0)
        {
            int end = text.IndexOf('"', msg + 5);
            while (end > 0 && text[end - 1] == '\\')
            {
                end = text.IndexOf('"', end + 1);
            }
            if (end > msg)
            {
                return text[(msg + 5)..end].Replace("\\\"", "\"", StringComparison.Ordinal);
            }
        }
        return text;
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(CancellationToken ct, params string[] args)
    {
        var psi = NewStartInfo();
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi) ?? throw EngineException.Internal($"cannot start {RuntimePath}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private ProcessStartInfo NewStartInfo()
    {
        var psi = new ProcessStartInfo(RuntimePath) { UseShellExecute = false };
        psi.ArgumentList.Add("--root");
        psi.ArgumentList.Add(StateRoot);
        return psi;
    }
}
