using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>create/start/stop/kill/restart/pause/unpause/wait/rename/rm, ps filters and inspect shape.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ContainersLifecycleTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>, IAsyncLifetime
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
    public async Task Create_start_pause_unpause_restart_stop_kill_rm(string client)
    {
        string name = ContainerClients.UniqueName("life");
        string id = (await daemon.RunAsync(client, "create", "--name", name, "--network", "none", "busybox", "sleep", "3600")).EnsureSuccess().Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal("created", await daemon.InspectAsync("{{.State.Status}}", name));

        Assert.Equal(name, (await daemon.RunAsync(client, "start", name)).EnsureSuccess().Stdout.Trim());
        Assert.Equal("running", await daemon.InspectAsync("{{.State.Status}}", name));
        int pid = int.Parse(await daemon.InspectAsync("{{.State.Pid}}", name));
        Assert.True(Directory.Exists($"/proc/{pid}"), "the container's pid must be a live host process");
        await daemon.RememberContainersAsync();

        (await daemon.RunAsync(client, "pause", name)).EnsureSuccess();
        Assert.Equal("paused true", await daemon.InspectAsync("{{.State.Status}} {{.State.Paused}}", name));
        Assert.Equal("frozen", FreezerState(id));
        (await daemon.RunAsync(client, "unpause", name)).EnsureSuccess();
        Assert.Equal("running false", await daemon.InspectAsync("{{.State.Status}} {{.State.Paused}}", name));
        Assert.Equal("thawed", FreezerState(id));

        (await daemon.RunAsync(client, "restart", "-t", "1", name)).EnsureSuccess();
        Assert.Equal("running", await daemon.InspectAsync("{{.State.Status}}", name));
        int pid2 = int.Parse(await daemon.InspectAsync("{{.State.Pid}}", name));
        Assert.NotEqual(pid, pid2);
        Assert.False(Directory.Exists($"/proc/{pid}"), "restart must end the old process");

        var stop = (await daemon.RunAsync(client, "stop", "-t", "1", name)).EnsureSuccess();
        Assert.Equal(name, stop.Stdout.Trim());
        // sleep ignores nothing: SIGTERM as pid 1 without a handler is ignored, so stop -t 1 ends in SIGKILL.
        Assert.Equal("exited 137", await daemon.InspectAsync("{{.State.Status}} {{.State.ExitCode}}", name));

        (await daemon.RunAsync(client, "start", name)).EnsureSuccess();
        (await daemon.RunAsync(client, "kill", name)).EnsureSuccess();
        await daemon.WaitForAsync("{{.State.Status}} {{.State.ExitCode}}", name, "exited 137");

        // pid 1 in a pid namespace only gets signals it handles: the trap shows -s reached it.
        string trapper = ContainerClients.UniqueName("trap");
        (await daemon.RunAsync(client, "run", "-d", "--name", trapper, "--network", "none", "busybox", "sh", "-c",
            "trap 'exit 11' USR1; while :; do sleep 0.2; done")).EnsureSuccess();
        await daemon.RememberContainersAsync();
        (await daemon.RunAsync(client, "kill", "-s", "USR1", trapper)).EnsureSuccess();
        await daemon.WaitForAsync("{{.State.Status}} {{.State.ExitCode}}", trapper, "exited 11");
        (await daemon.RunAsync(client, "rm", trapper)).EnsureSuccess();

        (await daemon.RunAsync(client, "rm", name)).EnsureSuccess();
        Assert.NotEqual(0, (await daemon.RunCliAsync(["inspect", name])).ExitCode);
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Wait_prints_the_exit_code_and_rm_f_removes_a_running_container(string client)
    {
        string name = ContainerClients.UniqueName("wait");
        (await daemon.RunAsync(client, "run", "-d", "--name", name, "--network", "none", "busybox", "sh", "-c", "sleep 1; exit 7")).EnsureSuccess();
        await daemon.RememberContainersAsync();
        var wait = (await daemon.RunAsync(client, "wait", name)).EnsureSuccess();
        Assert.Equal("7", wait.Stdout.Trim());
        (await daemon.RunAsync(client, "rm", name)).EnsureSuccess();

        string running = ContainerClients.UniqueName("rmf");
        (await daemon.RunAsync(client, "run", "-d", "--name", running, "--network", "none", "busybox", "sleep", "3600")).EnsureSuccess();
        await daemon.RememberContainersAsync();
        var rm = (await daemon.RunAsync(client, "rm", "-f", running)).EnsureSuccess();
        Assert.Equal(running, rm.Stdout.Trim());
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Rename_changes_the_name_everywhere(string client)
    {
        string name = ContainerClients.UniqueName("old");
        string renamed = ContainerClients.UniqueName("new");
        string id = (await daemon.RunAsync(client, "create", "--name", name, "busybox", "true")).EnsureSuccess().Stdout.Trim();
        (await daemon.RunAsync(client, "rename", name, renamed)).EnsureSuccess();
        Assert.Equal("/" + renamed, await daemon.InspectAsync("{{.Name}}", id));
        Assert.NotEqual(0, (await daemon.RunCliAsync(["inspect", name])).ExitCode);
        var ps = (await daemon.RunAsync(client, "ps", "-a", "--filter", "name=" + renamed, "--format", "{{.Names}}")).EnsureSuccess();
        Assert.Equal([renamed], ps.Lines);
        (await daemon.RunAsync(client, "rm", renamed)).EnsureSuccess();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Ps_lists_and_filters(string client)
    {
        string tag = Guid.NewGuid().ToString("N")[..6];
        string up = "up-" + tag, done = "done-" + tag, labelled = "lab-" + tag;
        string upId = (await daemon.RunAsync(client, "run", "-d", "--name", up, "--network", "none", "busybox", "sleep", "3600")).EnsureSuccess().Stdout.Trim();
        (await daemon.RunAsync(client, "run", "--name", done, "--network", "none", "busybox", "true")).EnsureSuccess();
        (await daemon.RunAsync(client, "create", "--name", labelled, "--label", "suite=" + tag, "busybox", "true")).EnsureSuccess();
        await daemon.RememberContainersAsync();

        var running = (await daemon.RunAsync(client, "ps", "--format", "{{.Names}}", "--filter", "name=" + tag)).EnsureSuccess();
        Assert.Equal([up], running.Lines);
        var all = (await daemon.RunAsync(client, "ps", "-a", "--format", "{{.Names}}", "--filter", "name=" + tag)).EnsureSuccess();
        Assert.Equal([done, labelled, up], all.Lines.Order(StringComparer.Ordinal));
        var quiet = (await daemon.RunAsync(client, "ps", "-q", "--filter", "name=" + up)).EnsureSuccess();
        Assert.Equal([upId[..12]], quiet.Lines);
        var exited = (await daemon.RunAsync(client, "ps", "-a", "--filter", "status=exited", "--filter", "name=" + tag, "--format", "{{.Names}}")).EnsureSuccess();
        Assert.Equal([done], exited.Lines);
        var created = (await daemon.RunAsync(client, "ps", "-a", "--filter", "status=created", "--filter", "name=" + tag, "--format", "{{.Names}}")).EnsureSuccess();
        Assert.Equal([labelled], created.Lines);
        var byLabel = (await daemon.RunAsync(client, "ps", "-a", "--filter", "label=suite=" + tag, "--format", "{{.Names}} {{.Labels}}")).EnsureSuccess();
        Assert.Equal([$"{labelled} suite={tag}"], byLabel.Lines);
        var byAncestor = (await daemon.RunAsync(client, "ps", "-a", "--filter", "ancestor=busybox", "--filter", "name=" + tag, "-q")).EnsureSuccess();
        Assert.Equal(3, byAncestor.Lines.Count);
        var noAncestor = (await daemon.RunAsync(client, "ps", "-a", "--filter", "ancestor=nosuchimage", "-q")).EnsureSuccess();
        Assert.Empty(noAncestor.Lines);
        var formatted = (await daemon.RunAsync(client, "ps", "--filter", "name=" + up, "--format", "{{.ID}}|{{.Image}}|{{.Command}}|{{.Status}}")).EnsureSuccess();
        var fields = formatted.Stdout.Trim().Split('|');
        Assert.Equal(upId[..12], fields[0]);
        Assert.Equal("busybox", fields[1]);
        Assert.Equal("\"sleep 3600\"", fields[2]);
        Assert.StartsWith("Up ", fields[3]);
        var table = (await daemon.RunAsync(client, "ps", "--filter", "name=" + up)).EnsureSuccess();
        Assert.StartsWith("CONTAINER ID", table.Lines[0]);
        Assert.Contains(up, table.Lines[1]);

        var labelFunction = await daemon.RunAsync(client, "ps", "-a", "--filter", "label=suite=" + tag, "--format", "{{.Label \"suite\"}}");
        (await daemon.RunAsync(client, "rm", "-f", up, done, labelled)).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
        Assert.True(labelFunction.ExitCode == 0 && labelFunction.Stdout.Trim() == tag, labelFunction.ToString());
    }

    [RootFact]
    public async Task Inspect_has_dockers_shape()
    {
        string name = ContainerClients.UniqueName("shape");
        (await daemon.RunCliAsync(["run", "-d", "--name", name, "--network", "none", "-e", "FOO=bar", "-w", "/tmp", "--label", "k=v",
            "--restart", "on-failure:3", "-m", "64m", "busybox", "sleep", "3600"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        var docker = (await daemon.RunDockerAsync(["inspect", name])).EnsureSuccess();
        var berth = (await daemon.RunCliAsync(["inspect", name])).EnsureSuccess();
        foreach (string text in new[] { docker.Stdout, berth.Stdout })
        {
            using var doc = JsonDocument.Parse(text);
            JsonElement c = doc.RootElement[0];
            Assert.Matches("^[0-9a-f]{64}$", c.GetProperty("Id").GetString());
            Assert.Equal("/" + name, c.GetProperty("Name").GetString());
            Assert.Equal("sleep", c.GetProperty("Path").GetString());
            Assert.Equal(["3600"], c.GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
            Assert.StartsWith("sha256:", c.GetProperty("Image").GetString());
            JsonElement state = c.GetProperty("State");
            Assert.Equal("running", state.GetProperty("Status").GetString());
            Assert.True(state.GetProperty("Running").GetBoolean());
            Assert.False(state.GetProperty("Paused").GetBoolean());
            Assert.False(state.GetProperty("Restarting").GetBoolean());
            Assert.False(state.GetProperty("OOMKilled").GetBoolean());
            Assert.False(state.GetProperty("Dead").GetBoolean());
            Assert.True(state.GetProperty("Pid").GetInt32() > 1);
            Assert.Equal(0, state.GetProperty("ExitCode").GetInt32());
            Assert.Equal("", state.GetProperty("Error").GetString());
            Assert.True(DateTimeOffset.Parse(state.GetProperty("StartedAt").GetString()!) > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.StartsWith("0001-01-01", state.GetProperty("FinishedAt").GetString());
            JsonElement config = c.GetProperty("Config");
            Assert.Equal("busybox", config.GetProperty("Image").GetString());
            Assert.Equal(["sleep", "3600"], config.GetProperty("Cmd").EnumerateArray().Select(a => a.GetString()));
            Assert.Contains("FOO=bar", config.GetProperty("Env").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("/tmp", config.GetProperty("WorkingDir").GetString());
            Assert.Equal("v", config.GetProperty("Labels").GetProperty("k").GetString());
            Assert.Equal(c.GetProperty("Id").GetString()![..12], config.GetProperty("Hostname").GetString());
            JsonElement host = c.GetProperty("HostConfig");
            Assert.Equal("none", host.GetProperty("NetworkMode").GetString());
            Assert.Equal(64L << 20, host.GetProperty("Memory").GetInt64());
            Assert.Equal("on-failure", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
            Assert.Equal(3, host.GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32());
            Assert.Equal("json-file", host.GetProperty("LogConfig").GetProperty("Type").GetString());
            Assert.True(c.TryGetProperty("NetworkSettings", out _));
            Assert.True(c.TryGetProperty("Mounts", out _));
        }
        var formatted = (await daemon.RunDockerAsync(["inspect", "-f", "{{.State.Running}} {{.HostConfig.RestartPolicy.Name}} {{index .Config.Labels \"k\"}}", name])).EnsureSuccess();
        Assert.Equal("true on-failure v", formatted.Stdout.Trim());
        (await daemon.RunCliAsync(["rm", "-f", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    /// <summary>"frozen" or "thawed" from the container's freezer cgroup (v1 freezer.state or v2 cgroup.freeze).</summary>
    private static string FreezerState(string id)
    {
        var dirs = DaemonFixture.CgroupDirectoriesNamed([id]);
        if (dirs.FirstOrDefault(d => d.StartsWith("/sys/fs/cgroup/freezer/", StringComparison.Ordinal)) is { } v1)
        {
            return File.ReadAllText(Path.Combine(v1, "freezer.state")).Trim() == "FROZEN" ? "frozen" : "thawed";
        }
        string v2 = dirs.First(d => File.Exists(Path.Combine(d, "cgroup.freeze")));
        return File.ReadAllText(Path.Combine(v2, "cgroup.freeze")).Trim() == "1" ? "frozen" : "thawed";
    }
}
