using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>logs, exec, top, stats, events and container prune.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ContainersLogsExecTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    public async Task InitializeAsync() => await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);

    public async Task DisposeAsync()
    {
        var all = await daemon.RunCliAsync(["ps", "-aq"]);
        if (all.Lines.Count > 0)
        {
            await daemon.RunCliAsync(["rm", "-f", .. all.Lines]);
        }
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Logs_keep_stdout_and_stderr_apart_and_honour_tail_and_timestamps(string client)
    {
        string name = ContainerClients.UniqueName("logs");
        (await daemon.RunCliAsync(["run", "--name", name, "--network", "none", "busybox", "sh", "-c",
            "echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2; sleep 0.1; echo err2 >&2; sleep 0.1; echo out3"])).EnsureSuccess();
        await daemon.RememberContainersAsync();

        var logs = (await daemon.RunAsync(client, "logs", name)).EnsureSuccess();
        Assert.Equal(["out1", "out2", "out3"], logs.Lines);
        Assert.Equal(["err1", "err2"], logs.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var tail = (await daemon.RunAsync(client, "logs", "--tail", "1", name)).EnsureSuccess();
        Assert.Equal(["out3"], tail.Lines); // the last line of the log is stdout's out3
        Assert.Equal("", tail.Stderr);
        var tail2 = (await daemon.RunAsync(client, "logs", "--tail", "2", name)).EnsureSuccess();
        Assert.Equal(["out3"], tail2.Lines);
        Assert.Equal("err2", tail2.Stderr.Trim());

        var stamped = (await daemon.RunAsync(client, "logs", "-t", name)).EnsureSuccess();
        Assert.Equal(3, stamped.Lines.Count);
        foreach (string line in stamped.Lines)
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out\d$", line);
        }
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootFact]
    public async Task Logs_follow_streams_new_lines_until_cancelled()
    {
        string name = ContainerClients.UniqueName("follow");
        (await daemon.RunCliAsync(["run", "-d", "--name", name, "--network", "none", "busybox", "sh", "-c",
            "i=0; while true; do echo tick$i; i=$((i+1)); sleep 0.3; done"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        await using (var follow = daemon.StartCli("logs", "-f", "--tail", "0", name))
        {
            string first = (await follow.ReadUntilAsync(l => l.StartsWith("tick"), TimeSpan.FromSeconds(10)))[^1];
            string second = (await follow.ReadUntilAsync(l => l.StartsWith("tick"), TimeSpan.FromSeconds(10)))[^1];
            Assert.Equal(int.Parse(first[4..]) + 1, int.Parse(second[4..]));
        }
        (await daemon.RunCliAsync(["rm", "-f", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Exec_with_env_user_workdir_and_exit_code(string client)
    {
        string name = ContainerClients.UniqueName("exec");
        (await daemon.RunCliAsync(["run", "-d", "--name", name, "--network", "none", "busybox", "sleep", "3600"])).EnsureSuccess();
        await daemon.RememberContainersAsync();

        var env = (await daemon.RunAsync(client, "exec", "-e", "GREETING=hi there", name, "sh", "-c", "echo \"$GREETING\"")).EnsureSuccess();
        Assert.Equal("hi there\n", env.Stdout);
        var user = (await daemon.RunAsync(client, "exec", "-u", "nobody", name, "id")).EnsureSuccess();
        Assert.StartsWith("uid=65534(nobody) gid=65534(nogroup)", user.Stdout.Trim());
        var numeric = (await daemon.RunAsync(client, "exec", "-u", "1234:5678", name, "id", "-u")).EnsureSuccess();
        Assert.Equal("1234", numeric.Stdout.Trim());
        var workdir = (await daemon.RunAsync(client, "exec", "-w", "/etc", name, "pwd")).EnsureSuccess();
        Assert.Equal("/etc\n", workdir.Stdout);
        var code = await daemon.RunAsync(client, "exec", name, "sh", "-c", "echo failing >&2; exit 9");
        Assert.Equal(9, code.ExitCode);
        Assert.Contains("failing", code.Stderr);
        var stdin = (await daemon.RunWithStdinAsync(client, new MemoryStream("piped\n"u8.ToArray()), "exec", "-i", name, "cat")).EnsureSuccess();
        Assert.Equal("piped\n", stdin.Stdout);

        (await daemon.RunCliAsync(["stop", "-t", "0", name])).EnsureSuccess();
        var stopped = await daemon.RunAsync(client, "exec", name, "true");
        Assert.NotEqual(0, stopped.ExitCode);
        Assert.Contains("is not running", stopped.Stderr);
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory(DockerdTooOld = "the OCI runtime's \"executable file not found\" comes on the exec's stdout stream, not stderr")]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Exec_of_a_missing_command_fails_with_executable_not_found(string client)
    {
        string name = ContainerClients.UniqueName("exec404");
        (await daemon.RunCliAsync(["run", "-d", "--name", name, "--network", "none", "busybox", "sleep", "3600"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        var missing = await daemon.RunAsync(client, "exec", name, "nosuchcommand");
        Assert.True(missing.ExitCode is 126 or 127, missing.ToString()); // dockerd: 126 (exec start failed); berth: 127
        Assert.Contains("executable file not found", missing.Stderr);
        (await daemon.RunCliAsync(["rm", "-f", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Top_and_stats_show_the_container(string client)
    {
        string name = ContainerClients.UniqueName("top");
        (await daemon.RunCliAsync(["run", "-d", "--name", name, "--network", "none", "-m", "128m", "busybox", "sleep", "3600"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        var top = (await daemon.RunAsync(client, "top", name)).EnsureSuccess();
        Assert.Contains("PID", top.Lines[0]);
        Assert.Contains(top.Lines.Skip(1), l => l.EndsWith("sleep 3600", StringComparison.Ordinal));
        string pid = await daemon.InspectAsync("{{.State.Pid}}", name);
        Assert.Contains(top.Lines.Skip(1), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(pid));

        var stats = (await daemon.RunAsync(client, "stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", name)).EnsureSuccess();
        var fields = stats.Stdout.Trim().Split('|');
        Assert.Equal(name, fields[0]);
        Assert.EndsWith("128MiB", fields[1].Replace(" ", ""));
        Assert.Equal("1", fields[2]);

        using var raw = JsonDocument.Parse(await daemon.Http.GetStringAsync($"/containers/{name}/stats?stream=false"));
        Assert.True(raw.RootElement.GetProperty("memory_stats").GetProperty("usage").GetInt64() > 0);
        Assert.Equal(128L << 20, raw.RootElement.GetProperty("memory_stats").GetProperty("limit").GetInt64());
        Assert.Equal(1, raw.RootElement.GetProperty("pids_stats").GetProperty("current").GetInt32());
        (await daemon.RunCliAsync(["rm", "-f", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Events_since_until_and_filters(string client)
    {
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        string name = ContainerClients.UniqueName("ev");
        (await daemon.RunCliAsync(["run", "--name", name, "--network", "none", "busybox", "true"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
        await Task.Delay(1100);
        long until = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var all = (await daemon.RunAsync(client, "events", "--since", since.ToString(), "--until", until.ToString(),
            "--filter", "container=" + name, "--format", "{{.Type}} {{.Action}}")).EnsureSuccess();
        var actions = all.Lines.Where(l => l.StartsWith("container ", StringComparison.Ordinal)).Select(l => l["container ".Length..]).ToList();
        Assert.Equal(["create", "attach", "start", "die", "destroy"], actions.Where(a => a is "create" or "attach" or "start" or "die" or "destroy"));

        var dies = (await daemon.RunAsync(client, "events", "--since", since.ToString(), "--until", until.ToString(),
            "--filter", "event=die", "--filter", "container=" + name, "--format", "{{.Action}} {{.Actor.Attributes.exitCode}} {{.Actor.Attributes.name}}")).EnsureSuccess();
        Assert.Equal([$"die 0 {name}"], dies.Lines);

        var none = (await daemon.RunAsync(client, "events", "--since", (since - 3600).ToString(), "--until", (since - 1800).ToString(),
            "--filter", "container=" + name)).EnsureSuccess();
        Assert.Empty(none.Lines);
    }

    [RootFact]
    public async Task Events_stream_live_until_cancelled()
    {
        string name = ContainerClients.UniqueName("live");
        await using var events = daemon.StartCli("events", "--filter", "type=container", "--filter", "container=" + name, "--format", "{{.Action}}");
        await Task.Delay(500); // let the subscription start before the container does
        (await daemon.RunCliAsync(["run", "--rm", "--name", name, "--network", "none", "busybox", "true"])).EnsureSuccess();
        var seen = await events.ReadUntilAsync(l => l == "destroy", TimeSpan.FromSeconds(10));
        Assert.Contains("start", seen);
        Assert.Contains("die", seen);
        Assert.False(events.HasExited);
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Container_prune_removes_only_stopped_containers(string client)
    {
        string tag = Guid.NewGuid().ToString("N")[..6];
        (await daemon.RunCliAsync(["run", "--name", "p1-" + tag, "--network", "none", "busybox", "true"])).EnsureSuccess();
        (await daemon.RunCliAsync(["create", "--name", "p2-" + tag, "busybox", "true"])).EnsureSuccess();
        string upId = (await daemon.RunCliAsync(["run", "-d", "--name", "p3-" + tag, "--network", "none", "busybox", "sleep", "3600"])).EnsureSuccess().Stdout.Trim();
        await daemon.RememberContainersAsync();
        var prune = (await daemon.RunAsync(client, "container", "prune", "-f")).EnsureSuccess();
        Assert.Contains("Deleted Containers:", prune.Stdout);
        Assert.Contains("Total reclaimed space:", prune.Stdout);
        var left = (await daemon.RunCliAsync(["ps", "-a", "-q", "--no-trunc"])).EnsureSuccess();
        Assert.Equal([upId], left.Lines);
        (await daemon.RunCliAsync(["rm", "-f", upId])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }
}
