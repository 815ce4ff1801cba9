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

    /// <summary>
    /// The berth CLI against dockerd 20.10 (API 1.41) with no DOCKER_API_VERSION: it comes down from
    /// 1.51 as docker's CLI does, for plain requests (sent again), a streamed body (after a ping),
    /// hijacked attach and the wait that `run` sends before it starts the container.
    /// </summary>
    [RequiresBinaryFact("dockerd", "containerd")]
    public async Task The_berth_cli_negotiates_the_api_version_down_to_an_older_dockerd()
    {
        await BusyboxRootfs.EnsureBusyboxImageAsync(_berth);
        await StartDockerdAsync();
        string archive = Path.Combine(_dockerRoot, "busybox.tar");
        (await _berth.RunCliAsync(["save", "-o", archive, "busybox:latest"])).EnsureSuccess();

        Task<CliResult> BerthAtDocker(params string[] args) => ProcessRunner.RunAsync(BerthPaths.Berth, ["-H", "unix://" + DockerSocket, .. args],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = null, ["BERTH_HOST"] = null, ["DOCKER_API_VERSION"] = null });

        var load = (await BerthAtDocker("load", "-i", archive)).EnsureSuccess();
        Assert.Contains("Loaded image: busybox:latest", load.Stdout);
        var version = (await BerthAtDocker("version")).EnsureSuccess();
        Assert.Contains("(downgraded from 1.51)", version.Stdout);
        Assert.Contains("1.41", version.Stdout);
        Assert.Contains("busybox", (await BerthAtDocker("images", "--format", "{{.Repository}}")).EnsureSuccess().Stdout);
        var run = await BerthAtDocker("run", "--rm", "--network", "none", "busybox", "sh", "-c", "echo negotiated; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("negotiated", run.Stdout.Trim());
        Assert.Empty((await BerthAtDocker("ps", "-aq")).EnsureSuccess().Lines);

        // A version fixed by the user is sent as it is, and dockerd's refusal is the user's to see.
        var pinned = await ProcessRunner.RunAsync(BerthPaths.Berth, ["-H", "unix://" + DockerSocket, "images"],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = null, ["BERTH_HOST"] = null, ["DOCKER_API_VERSION"] = "1.51" });
        Assert.NotEqual(0, pinned.ExitCode);
        Assert.Contains("client version 1.51 is too new", pinned.Stderr);
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
