using System.Net.Sockets;
using System.Text.Json;
using Berth.Core.Errors;

namespace Berth.Runtime.Conmon;

/// <summary>
/// The daemon's side of a running `conmon --exec` (podman's exec protocol, conmon API 1): the start
/// pipe (conmon runs runc exec after the second message when attaching), the attach pipe (conmon
/// reports its attach socket is listening) and the sync pipe (the exec pid, then its exit code, as
/// JSON lines {"data": n, "message": "..."}). conmon itself runs detached and outlives the daemon;
/// it also writes the exit code to the exec's exit file, which is what a restarted daemon reads.
/// </summary>
internal sealed class ConmonExecProcess : IAsyncDisposable
{
    private readonly Socket _sync;
    private readonly Socket _start;
    private readonly Socket? _attach;
    private readonly StreamReader _syncReader;
    private readonly string _runtimeLog;

    public ConmonExecProcess(Socket sync, Socket start, Socket? attach, string runtimeLog)
    {
        _sync = sync;
        _start = start;
        _attach = attach;
        _runtimeLog = runtimeLog;
        _syncReader = new StreamReader(new NetworkStream(sync, ownsSocket: false));
    }

    public int ConmonPid { get; set; }

    /// <summary>Waits until conmon's attach socket accepts connections (attach mode only).</summary>
    public async Task WaitAttachReadyAsync(CancellationToken ct)
    {
        if (_attach is null)
        {
            return;
        }
        using var reader = new StreamReader(new NetworkStream(_attach, ownsSocket: false));
        string? line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
        if (line is null)
        {
            throw EngineException.Internal("OCI runtime exec failed: conmon exited before its attach socket was ready: " + ConmonLauncher.RuntimeError(_runtimeLog));
        }
    }

    /// <summary>Lets runc exec run (attach mode: after the daemon connected to the attach socket).</summary>
    public async Task SignalStartAsync(CancellationToken ct)
    {
        await _start.SendAsync("0"u8.ToArray(), SocketFlags.None, ct).ConfigureAwait(false);
    }

    /// <summary>The exec process's host pid; throws with runc's error when the exec could not start.</summary>
    public async Task<int> ReadPidAsync(CancellationToken ct)
    {
        var (data, message) = await ReadMessageAsync(ct).ConfigureAwait(false)
            ?? throw EngineException.Internal("OCI runtime exec failed: " + Detail(""));
        if (data <= 0)
        {
            throw EngineException.Internal("OCI runtime exec failed: " + Detail(message));
        }
        return data;
    }

    /// <summary>The exit code conmon sends last; null if conmon went away without sending it.</summary>
    public async Task<int?> ReadExitCodeAsync(CancellationToken ct)
    {
        try
        {
            return (await ReadMessageAsync(ct).ConfigureAwait(false))?.Data;
        }
        catch (Exception e) when (e is IOException or SocketException or JsonException)
        {
            return null;
        }
    }

    private string Detail(string message)
    {
        string runtime = ConmonLauncher.RuntimeError(_runtimeLog);
        return runtime.Length > 0 ? runtime : message.Length > 0 ? RuncCli.ErrorText(message) : "conmon exited without starting the process";
    }

    private async Task<(int Data, string Message)?> ReadMessageAsync(CancellationToken ct)
    {
        string? line = await _syncReader.ReadLineAsync(ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(line);
        int data = doc.RootElement.GetProperty("data").GetInt32();
        string message = doc.RootElement.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? "" : "";
        return (data, message);
    }

    public ValueTask DisposeAsync()
    {
        _syncReader.Dispose();
        _sync.Dispose();
        _start.Dispose();
        _attach?.Dispose();
        return ValueTask.CompletedTask;
    }
}
