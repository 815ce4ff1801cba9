using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>`run` end to end through berth and the real docker CLI: output, exit codes, stdin.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ContainersRunTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    public async Task InitializeAsync() => await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);

    public Task DisposeAsync() => Task.CompletedTask;

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Run_rm_echo_prints_hello_and_leaves_nothing(string client)
    {
        var result = (await daemon.RunAsync(client, "run", "--rm", "--network", "none", "busybox", "echo", "hello")).EnsureSuccess();
        Assert.Equal("hello\n", result.Stdout);
        await daemon.RememberContainersAsync();
        Assert.Empty((await daemon.RunCliAsync(["ps", "-aq"])).EnsureSuccess().Lines);
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Run_without_rm_returns_after_exit_and_keeps_the_container(string client)
    {
        string name = ContainerClients.UniqueName("keep");
        var result = await daemon.RunAsync(client, "run", "--name", name, "--network", "none", "busybox", "sh", "-c", "echo out; echo err >&2; exit 4");
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Contains("err", result.Stderr);
        Assert.Equal("exited 4", await daemon.InspectAsync("{{.State.Status}} {{.State.ExitCode}}", name));
        await daemon.RememberContainersAsync();
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth, 0)]
    [InlineData(ContainerClients.Berth, 3)]
    [InlineData(ContainerClients.Berth, 255)]
    [InlineData(ContainerClients.Docker, 3)]
    [InlineData(ContainerClients.Docker, 42)]
    public async Task Exit_code_of_the_container_is_the_exit_code_of_run(string client, int code)
    {
        var result = await daemon.RunAsync(client, "run", "--rm", "--network", "none", "busybox", "sh", "-c", $"exit {code}");
        Assert.True(code == result.ExitCode, result.ToString());
        await daemon.RememberContainersAsync();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Unknown_image_is_125(string client)
    {
        var result = await daemon.RunAsync(client, "run", "--rm", "--network", "none", "nosuchimage:1", "true");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Contains("nosuchimage", result.Stderr);
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Bad_flag_is_125(string client)
    {
        var result = await daemon.RunAsync(client, "run", "--no-such-flag", "busybox", "true");
        Assert.True(result.ExitCode == 125, result.ToString());
        Assert.Contains("unknown flag: --no-such-flag", result.Stderr);
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth, "nosuchcommand", 127, "executable file not found")]
    [InlineData(ContainerClients.Berth, "/etc/passwd", 126, "permission denied")]
    [InlineData(ContainerClients.Docker, "nosuchcommand", 127, "executable file not found")]
    [InlineData(ContainerClients.Docker, "/etc/passwd", 126, "permission denied")]
    public async Task Command_that_cannot_run_is_127_or_126_and_rm_still_removes(string client, string command, int expected, string message)
    {
        // docker run --rm waits for the container to be removed after a failed start (dockerd removes it).
        var result = await daemon.RunAsync(client, "run", "--rm", "--network", "none", "busybox", command);
        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Contains(message, result.Stderr);
        await daemon.RememberContainersAsync();
        var left = (await daemon.RunCliAsync(["ps", "-aq"])).EnsureSuccess().Lines;
        if (left.Count > 0)
        {
            (await daemon.RunCliAsync(["rm", "-f", .. left])).EnsureSuccess();
        }
        Assert.True(left.Count == 0, $"run --rm left {left.Count} container(s) after a failed start");
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Stdin_is_piped_into_the_container_with_i(string client)
    {
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes("hi\nthere\n"));
        var result = (await daemon.RunWithStdinAsync(client, stdin, "run", "-i", "--rm", "--network", "none", "busybox", "cat")).EnsureSuccess();
        Assert.Equal("hi\nthere\n", result.Stdout);
        await daemon.RememberContainersAsync();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootFact]
    public async Task Large_stdin_round_trips_byte_for_byte()
    {
        var payload = new StringBuilder();
        for (int i = 0; i < 20000; i++)
        {
            payload.Append("line ").Append(i).Append('\n');
        }
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(payload.ToString()));
        var result = (await daemon.RunCliAsync(["run", "-i", "--rm", "--network", "none", "busybox", "cat"], stdin)).EnsureSuccess();
        Assert.Equal(payload.ToString(), result.Stdout);
    }
}
