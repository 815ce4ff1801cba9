using System.Diagnostics;
using System.Text;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Real runc + conmon, as root. Each test has its own roots and cleans up after itself.</summary>
public sealed class ContainerLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Echo_LogsKeepStdoutAndStderrApart()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "echo hello; echo oops >&2"));
        Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal("hello\noops\n", await h.LogTextAsync(id));
        Assert.Equal("hello\n", await h.LogTextAsync(id, new LogsOptions { Stderr = false }));
        Assert.Equal("oops\n", await h.LogTextAsync(id, new LogsOptions { Stdout = false }));
        var entries = new List<LogEntry>();
        await foreach (var e in svc.LogsAsync(id, new LogsOptions(), None))
        {
            entries.Add(e);
        }
        Assert.Equal([LogStream.Stdout, LogStream.Stderr], entries.Select(e => e.Stream));
        var info = await svc.GetAsync(id, None);
        Assert.Equal(ContainerStatus.Exited, info.State.Status);
        Assert.NotNull(info.State.FinishedAt);
        Assert.Equal(1, h.Events.Count(id, "die"));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task ExitCode_IsPropagated_AndTailWorks()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "echo 1; echo 2; echo 3; exit 3"));
        Assert.Equal(3, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(3, (await svc.GetAsync(id, None)).State.ExitCode);
        Assert.Equal("2\n3\n", await h.LogTextAsync(id, new LogsOptions { Tail = 2 }));
        var die = h.Events.Events.Single(e => e.Action == "die");
        Assert.Equal("3", die.Attributes["exitCode"]);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Stop_SigtermIgnoredByPid1_FallsBackToSigkill_AndTrappedTermStopsAtOnce()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        // sleep as pid 1 has no handler, so the kernel ignores SIGTERM: only SIGKILL ends it.
        string sleeper = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        var sw = Stopwatch.StartNew();
        await svc.StopAsync(sleeper, 1, null, None);
        Assert.True(sw.Elapsed >= TimeSpan.FromSeconds(1), $"stopped after {sw.Elapsed}");
        Assert.Equal(137, (await svc.GetAsync(sleeper, None)).State.ExitCode);
        var again = await Assert.ThrowsAsync<EngineException>(() => svc.StopAsync(sleeper, 1, null, None));
        Assert.Equal(ErrorKind.NotModified, again.Kind);

        string trapper = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"));
        await Task.Delay(300);
        sw.Restart();
        await svc.StopAsync(trapper, 10, null, None);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {sw.Elapsed}");
        Assert.Equal(0, (await svc.GetAsync(trapper, None)).State.ExitCode);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Kill_WithSignal_IsDeliveredToTheProcess()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "trap 'exit 42' USR1; while true; do sleep 0.1; done"));
        await Task.Delay(300);
        await svc.KillAsync(id, "SIGUSR1", None);
        Assert.Equal(42, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        var notRunning = await Assert.ThrowsAsync<EngineException>(() => svc.KillAsync(id, "KILL", None));
        Assert.Equal($"container {id} is not running", notRunning.Message);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task PauseUnpause_FreezesTheCgroup()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        await svc.PauseAsync(id, None);
        var info = await svc.GetAsync(id, None);
        Assert.Equal(ContainerStatus.Paused, info.State.Status);
        Assert.True(info.State.Paused && info.State.Running);
        Assert.Equal("FROZEN", File.ReadAllText(Path.Combine(h.CgroupParentDir("freezer"), id, "freezer.state")).Trim());
        var twice = await Assert.ThrowsAsync<EngineException>(() => svc.PauseAsync(id, None));
        Assert.Equal($"Container {id} is already paused", twice.Message);
        await svc.UnpauseAsync(id, None);
        Assert.Equal("THAWED", File.ReadAllText(Path.Combine(h.CgroupParentDir("freezer"), id, "freezer.state")).Trim());
        Assert.Equal(ContainerStatus.Running, (await svc.GetAsync(id, None)).State.Status);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task RemoveRunning_NeedsForce_AndForceLeavesNothing()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"), "web");
        var refused = await Assert.ThrowsAsync<EngineException>(() => svc.RemoveAsync("web", false, false, None));
        Assert.Equal(ErrorKind.Conflict, refused.Kind);
        Assert.Equal("cannot remove container \"/web\": container is running: stop the container before removing or force remove", refused.Message);

        await svc.RemoveAsync("web", force: true, removeVolumes: false, None);
        Assert.Empty(Berth.Linux.Mounts.MountPointsUnder(h.Root));
        Assert.False(Directory.Exists(Path.Combine(h.Options.DataRoot, "containers", id)));
        Assert.False(Directory.Exists(Path.Combine(h.CgroupParentDir("memory"), id)));
        Assert.Empty(h.ConmonPids());
        var gone = await Assert.ThrowsAsync<EngineException>(() => svc.GetAsync(id, None));
        Assert.Equal("No such container: " + id, gone.Message);
        Assert.Equal(1, h.Events.Count(id, "destroy"));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Names_ConflictAndRename()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        // Not "db": a random hex ID may start with it, and prefix lookup would then find a container.
        var first = await svc.CreateAsync("pg", RuntimeHarness.Spec("true"), None);
        var conflict = await Assert.ThrowsAsync<EngineException>(() => svc.CreateAsync("/pg", RuntimeHarness.Spec("true"), None));
        Assert.Equal(ErrorKind.Conflict, conflict.Kind);
        Assert.Equal($"Conflict. The container name \"/pg\" is already in use by container \"{first.Id}\". You have to remove (or rename) that container to be able to reuse that name.", conflict.Message);
        var invalid = await Assert.ThrowsAsync<EngineException>(() => svc.CreateAsync("-bad", RuntimeHarness.Spec("true"), None));
        Assert.Equal("Invalid container name (-bad), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", invalid.Message);

        var generated = await svc.CreateAsync(null, RuntimeHarness.Spec("true"), None);
        Assert.Matches("^/[a-z]+_[a-z]+[0-9]?$", (await svc.GetAsync(generated.Id, None)).Name);

        await svc.RenameAsync("pg", "pg2", None);
        Assert.Equal(first.Id, (await svc.GetAsync("pg2", None)).Id);
        Assert.Equal(first.Id, (await svc.GetAsync(first.Id[..12], None)).Id);
        await Assert.ThrowsAsync<EngineException>(() => svc.GetAsync("pg", None));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Attach_RoundTripsStdinThroughCat()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var spec = RuntimeHarness.Spec("cat") with { OpenStdin = true, StdinOnce = true, AttachStdin = true, AttachStdout = true };
        var created = await svc.CreateAsync(null, spec, None);
        await svc.StartAsync(created.Id, None);
        await using var session = await svc.AttachAsync(created.Id, new AttachOptions(true, true, true), None);
        await session.WriteStdinAsync(Encoding.ASCII.GetBytes("ping\n"), None);
        var output = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (OutputFrame frame in session.ReadOutputAsync(cts.Token))
        {
            Assert.Equal(LogStream.Stdout, frame.Stream);
            output.Append(Encoding.ASCII.GetString(frame.Data.Span));
            if (output.ToString().Contains('\n'))
            {
                break;
            }
        }
        Assert.Equal("ping\n", output.ToString());
        await session.CloseStdinAsync(None);
        Assert.Equal(0, await svc.WaitAsync(created.Id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("ping\n", await h.LogTextAsync(created.Id));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Exec_ReturnsOutputAndExitCode()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string exec = await svc.ExecCreateAsync(id, new ExecSpec { Cmd = ["sh", "-c", "echo out; echo err >&2; id -u; exit 7"], User = "alice" }, None);
        await using (var session = await svc.ExecStartAsync(exec, detach: false, None))
        {
            Assert.NotNull(session);
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            await foreach (var frame in session!.ReadOutputAsync(None))
            {
                (frame.Stream == LogStream.Stdout ? stdout : stderr).Append(Encoding.ASCII.GetString(frame.Data.Span));
            }
            Assert.Equal("out\n1000\n", stdout.ToString());
            Assert.Equal("err\n", stderr.ToString());
        }
        ExecInfo info = await WaitExecAsync(svc, exec);
        Assert.Equal(7, info.ExitCode);
        Assert.False(info.Running);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    private static async Task<ExecInfo> WaitExecAsync(ContainerService svc, string exec)
    {
        for (int i = 0; i < 100; i++)
        {
            var info = await svc.ExecInspectAsync(exec, None);
            if (!info.Running)
            {
                return info;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("exec did not finish");
    }

    [Fact]
    public async Task DaemonRestart_ReadoptsRunning_AndRecordsExitThatHappenedWhileDown()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string running = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string quitter = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "sleep 1; exit 5"));
        int pid = (await svc.GetAsync(running, None)).State.Pid;
        await svc.DisposeAsync();

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        svc = await h.StartServiceAsync();
        var readopted = await svc.GetAsync(running, None);
        Assert.Equal(ContainerStatus.Running, readopted.State.Status);
        Assert.Equal(pid, readopted.State.Pid);
        Assert.Equal(5, await svc.WaitAsync(quitter, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(ContainerStatus.Exited, (await svc.GetAsync(quitter, None)).State.Status);

        // The re-adopted container is still under control.
        await svc.StopAsync(running, 0, null, None);
        Assert.Equal(137, (await svc.GetAsync(running, None)).State.ExitCode);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task RestartPolicy_OnFailure2_RestartsTwice()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var spec = RuntimeHarness.Spec("sh", "-c", "echo run; exit 1") with { RestartPolicy = new RestartPolicy("on-failure", 2) };
        string id = await h.RunAsync(spec);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && h.Events.Count(id, "die") < 3)
        {
            await Task.Delay(100);
        }
        await Task.Delay(1000); // no fourth run may follow
        var info = await svc.GetAsync(id, None);
        Assert.Equal(3, h.Events.Count(id, "die"));
        Assert.Equal(3, h.Events.Count(id, "start"));
        Assert.Equal(2, info.RestartCount);
        Assert.Equal(ContainerStatus.Exited, info.State.Status);
        Assert.Equal(1, info.State.ExitCode);
        Assert.Equal("run\nrun\nrun\n", await h.LogTextAsync(id));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task TopAndStats_SeeTheContainersProcesses()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100") with { PidsLimit = 50, Memory = 64 * 1024 * 1024 });
        var top = await svc.TopAsync(id, null, None);
        Assert.Contains("PID", top.Titles);
        Assert.Single(top.Processes);
        Assert.Contains("sleep 100", top.Processes[0][^1]);
        var stats = await svc.StatsAsync(id, None);
        Assert.Equal(1UL, stats.PidsCurrent);
        Assert.Equal(50UL, stats.PidsLimit);
        Assert.Equal(64UL * 1024 * 1024, stats.MemoryLimit);
        Assert.True(stats.MemoryUsage > 0);
        Assert.True(stats.SystemCpuUsage > 0);
        await h.AssertCleanAfterRemovingAllAsync();
    }
}
