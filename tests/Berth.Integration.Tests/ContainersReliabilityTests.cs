using Berth.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>Containers outlive a daemon crash: conmon keeps them, the restarted daemon re-adopts them.</summary>
public sealed class ContainersReliabilityTests(ITestOutputHelper output)
{
    [RequiresBinaryFact("runc", "conmon")]
    public async Task Containers_survive_SIGKILL_of_the_daemon_and_are_managed_after_restart()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync();
        try
        {
            await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);
            string[] none = ["--network", "none"];
            (await daemon.RunCliAsync(["run", "-d", "--name", "sleeper", .. none, "busybox", "sleep", "3600"])).EnsureSuccess();
            (await daemon.RunCliAsync(["run", "-d", "--name", "writer", .. none, "busybox", "sh", "-c",
                "i=0; while true; do echo line$i; i=$((i+1)); sleep 1; done"])).EnsureSuccess();
            (await daemon.RunCliAsync(["run", "-d", "--name", "exiter", .. none, "busybox", "sh", "-c", "sleep 2; exit 5"])).EnsureSuccess();
            (await daemon.RunCliAsync(["run", "-d", "--name", "always", "--restart", "always", .. none, "busybox", "sleep", "3600"])).EnsureSuccess();
            await daemon.RememberContainersAsync();
            int sleeperPid = int.Parse(await daemon.InspectAsync("{{.State.Pid}}", "sleeper"));
            int writerPid = int.Parse(await daemon.InspectAsync("{{.State.Pid}}", "writer"));
            int alwaysPid = int.Parse(await daemon.InspectAsync("{{.State.Pid}}", "always"));

            await daemon.KillAsync();
            // While no daemon watches: the exiter exits on its own, the always container is killed.
            Assert.True(Directory.Exists($"/proc/{sleeperPid}"), "the container must outlive its daemon");
            System.Diagnostics.Process.GetProcessById(alwaysPid).Kill();
            await Task.Delay(3000);

            await daemon.StartAsync();
            Assert.Equal($"running {sleeperPid}", await daemon.InspectAsync("{{.State.Status}} {{.State.Pid}}", "sleeper"));
            Assert.Equal($"running {writerPid}", await daemon.InspectAsync("{{.State.Status}} {{.State.Pid}}", "writer"));
            await daemon.WaitForAsync("{{.State.Status}} {{.State.ExitCode}}", "exiter", "exited 5", TimeSpan.FromSeconds(10));
            await daemon.WaitForAsync("{{.State.Status}}", "always", "running", TimeSpan.FromSeconds(15));
            Assert.NotEqual(alwaysPid.ToString(), await daemon.InspectAsync("{{.State.Pid}}", "always"));

            var ps = (await daemon.RunCliAsync(["ps", "--format", "{{.Names}}"])).EnsureSuccess();
            Assert.Equal(["always", "sleeper", "writer"], ps.Lines.Order(StringComparer.Ordinal));

            await using (var follow = daemon.StartCli("logs", "-f", "--tail", "1", "writer"))
            {
                var lines = await follow.ReadUntilAsync(l => l.StartsWith("line"), TimeSpan.FromSeconds(10));
                string first = lines[^1];
                string next = (await follow.ReadUntilAsync(l => l.StartsWith("line"), TimeSpan.FromSeconds(10)))[^1];
                Assert.Equal(int.Parse(first[4..]) + 1, int.Parse(next[4..]));
                output.WriteLine($"logs -f after restart: {first}, {next}");
            }
            var logs = (await daemon.RunCliAsync(["logs", "writer"])).EnsureSuccess();
            Assert.Equal("line0", logs.Lines[0]); // lines written while the daemon was down are in the log too
            for (int i = 1; i < logs.Lines.Count; i++)
            {
                Assert.Equal($"line{i}", logs.Lines[i]);
            }

            Assert.Equal("alive\n", (await daemon.RunCliAsync(["exec", "sleeper", "echo", "alive"])).EnsureSuccess().Stdout);
            (await daemon.RunCliAsync(["stop", "-t", "1", "sleeper", "writer", "always"])).EnsureSuccess();
            Assert.False(Directory.Exists($"/proc/{sleeperPid}"), "stop after the restart must end the adopted container");
            Assert.Equal("exited", await daemon.InspectAsync("{{.State.Status}}", "writer"));
            (await daemon.RunCliAsync(["rm", "sleeper", "writer", "exiter", "always"])).EnsureSuccess();
            await daemon.AssertNoLeftoversAsync();
        }
        catch
        {
            output.WriteLine(daemon.Log);
            throw;
        }
    }
}
