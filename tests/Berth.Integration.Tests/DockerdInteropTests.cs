using System.Diagnostics;
using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// Images cross between Berth and a real Docker Engine (Debian's docker.io, dockerd 20.10, as the
/// reference) with the same image ID both ways. Skipped where dockerd is not installed.
/// </summary>
public sealed class DockerdInteropTests : IAsyncLifetime
{
    private readonly DaemonFixture _berth = new();
    private readonly string _dockerRoot = Directory.CreateTempSubdirectory("berth-dockerd-").FullName;
    private Process? _dockerd;

    private string DockerSocket => Path.Combine(_dockerRoot, "docker.sock");

    public Task InitializeAsync() => _berth.StartAsync();

    public async Task DisposeAsync()
    {
        if (_dockerd is { HasExited: false })
        {
            // SIGTERM, not SIGKILL: dockerd then stops the containerd it started.
            await ProcessRunner.RunAsync(new BinaryCommand("kill", []), ["-TERM", _dockerd.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _dockerd.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _dockerd.Kill(entireProcessTree: true);
            }
        }
        await _berth.DisposeAsync();
        await ProcessRunner.RunAsync(new BinaryCommand("umount", []), ["-R", "-l", _dockerRoot]);
        Directory.Delete(_dockerRoot, recursive: true);
    }

    [RequiresBinaryFact("dockerd", "containerd")]
    public async Task An_image_saved_by_berth_loads_into_dockerd_with_the_same_id_and_back()
    {
        string berthId = await BusyboxRootfs.EnsureBusyboxImageAsync(_berth);
        await StartDockerdAsync();
        string archive = Path.Combine(_dockerRoot, "from-berth.tar");
        (await _berth.RunCliAsync(["save", "-o", archive, "busybox:latest"])).EnsureSuccess();

        (await DockerAsync("load", "-i", archive)).EnsureSuccess();
        var inDocker = (await DockerAsync("image", "inspect", "-f", "{{.Id}} {{json .RootFS.Layers}}", "busybox:latest")).EnsureSuccess();
        Assert.StartsWith(berthId + " ", inDocker.Stdout.Trim());

        // And back: dockerd 20.10's own save format loads into Berth unchanged.
        (await DockerAsync("tag", "busybox:latest", "roundtrip:docker")).EnsureSuccess();
        string fromDocker = Path.Combine(_dockerRoot, "from-docker.tar");
        (await DockerAsync("save", "-o", fromDocker, "roundtrip:docker")).EnsureSuccess();
        (await _berth.RunCliAsync(["load", "-i", fromDocker])).EnsureSuccess();
        var inBerth = (await _berth.RunCliAsync(["image", "inspect", "-f", "{{.Id}} {{json .RootFS.Layers}}", "roundtrip:docker"])).EnsureSuccess();
        Assert.Equal(inDocker.Stdout.Trim(), inBerth.Stdout.Trim());
    }

    private async Task StartDockerdAsync()
    {
        var psi = new ProcessStartInfo("dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--data-root", Path.Combine(_dockerRoot, "data"), "--exec-root", Path.Combine(_dockerRoot, "exec"),
            "-H", "unix://" + DockerSocket, "--pidfile", Path.Combine(_dockerRoot, "dockerd.pid"),
            "--bridge=none", "--iptables=false", "--ip6tables=false",
        })
        {
            psi.ArgumentList.Add(arg);
        }
        var log = new StringBuilder();
        _dockerd = Process.Start(psi)!;
        _dockerd.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _dockerd.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _dockerd.BeginOutputReadLine();
        _dockerd.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !_dockerd.HasExited)
        {
            if ((await DockerAsync("version", "-f", "{{.Server.Version}}")).ExitCode == 0)
            {
                return;
            }
            await Task.Delay(250);
        }
        lock (log)
        {
            throw new InvalidOperationException("dockerd did not start:\n" + log);
        }
    }

    private Task<CliResult> DockerAsync(params string[] args)
    {
        string config = Path.Combine(_dockerRoot, "docker-config");
        Directory.CreateDirectory(config);
        return ProcessRunner.RunAsync(BerthPaths.Docker, args, new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = "unix://" + DockerSocket,
            ["DOCKER_CONFIG"] = config,
            ["DOCKER_CONTEXT"] = null,
            ["DOCKER_API_VERSION"] = null,
        });
    }
}
