using System.Diagnostics;
using System.Text;
using Xunit;

namespace Berth.Testing;

/// <summary>
/// A private berthd on its own temporary data root, exec root, socket and pidfile, so tests never
/// touch the system daemon and several fixtures can run side by side. Use as an xunit class
/// fixture or create one per test (<c>await using</c>). With BERTH_TEST_ENGINE=dockerd it is a
/// private real dockerd on the same roots instead (see <see cref="TestEngine"/>).
/// </summary>
public sealed partial class DaemonFixture : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;
    private Process? _process;
    private DockerdHost? _dockerdHost;
    private bool _disposed;

    public DaemonFixture()
    {
        // Short paths: a unix socket path must fit in 108 bytes.
        Root = Path.Combine(Path.GetTempPath(), "berth-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        DataRoot = Path.Combine(Root, "data");
        ExecRoot = Path.Combine(Root, "exec");
        Socket = Path.Combine(Root, "berth.sock");
        PidFile = Path.Combine(Root, "berthd.pid");
        ConfigFile = Path.Combine(Root, "daemon.json");
        // An empty private config keeps the host's /etc/berth/daemon.json out of the tests.
        File.WriteAllText(ConfigFile, "{}\n");
        _http = UnixSocketHttp.CreateClient(Socket);
    }

    /// <summary>The temporary directory holding everything of this daemon; deleted on dispose.</summary>
    public string Root { get; }
    public string DataRoot { get; }
    public string ExecRoot { get; }
    public string Socket { get; }
    public string PidFile { get; }
    public string ConfigFile { get; }
    public string Host => "unix://" + Socket;

    /// <summary>Extra berthd arguments (set before <see cref="InitializeAsync"/>), e.g. --log-level debug.</summary>
    public List<string> ExtraArguments { get; } = [];

    /// <summary>Raw HTTP client on the daemon's socket (base address http://localhost).</summary>
    public HttpClient Http => _http;

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Everything berthd printed so far (stdout and stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{TestEngine.Name} is already running");
        }
        if (TestEngine.IsDockerd)
        {
            _dockerdHost ??= await DockerdHost.AcquireAsync(LeftoverProbe.DefaultBridgeName(ExecRoot), cancellationToken);
        }
        BinaryCommand engine = TestEngine.IsDockerd ? new BinaryCommand(DockerdHost.DockerdPath, []) : BerthPaths.Berthd;
        var psi = new ProcessStartInfo(engine.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in engine.PrefixArguments.Concat(
            ["-H", Host, "--data-root", DataRoot, "--exec-root", ExecRoot, "--pidfile", PidFile, "--config-file", ConfigFile])
            .Concat(_dockerdHost?.Arguments() ?? []).Concat(ExtraArguments))
        {
            psi.ArgumentList.Add(a);
        }
        AppendLog($"--- starting: {psi.FileName} {string.Join(' ', psi.ArgumentList)}");
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {psi.FileName}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
        try
        {
            await WaitUntilReadyAsync(process, cancellationToken);
        }
        catch
        {
            // xUnit does not dispose a test class whose InitializeAsync failed: leave no root behind.
            await DisposeAsync();
            throw;
        }
        if (TestEngine.IsDockerd)
        {
            // dockerd bind-mounts its data root onto itself (shared propagation) for as long as it runs.
            _engineMounts.UnionWith(MountTable.MountsUnder(Root));
        }
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string lastError = "no attempt yet";
        while (clock.Elapsed < s_startTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"{TestEngine.Name} exited with code {process.ExitCode} during start-up.\n--- {TestEngine.Name} log ---\n{Log}");
            }
            if (File.Exists(Socket))
            {
                try
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(TimeSpan.FromSeconds(2));
                    using var response = await _http.GetAsync("/_ping", cts.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                    lastError = $"/_ping answered {(int)response.StatusCode}";
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lastError = e.Message;
                }
            }
            else
            {
                lastError = $"{Socket} does not exist yet";
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException(
            $"{TestEngine.Name} did not answer /_ping within {s_startTimeout.TotalSeconds} s ({lastError}).\n--- {TestEngine.Name} log ---\n{Log}");
    }

    /// <summary>SIGKILL, as a crash or power loss would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            AppendLog("--- SIGKILL");
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then SIGKILL if berthd has not exited within the grace period.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }
        AppendLog("--- SIGTERM");
        LibC.Kill(p.Id, LibC.SIGTERM);
        using var cts = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(15));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            AppendLog("--- still running after SIGTERM; SIGKILL");
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Stops berthd (if it runs) and starts it again on the same roots and socket.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartAsync(cancellationToken);
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
