using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>`run -it` in a real terminal (tmux): line editing, window size, resize, detach keys, exit.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ContainersTtyTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>, IAsyncLifetime
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

    [RequiresBinaryTheory("tmux")]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Run_it_is_a_real_terminal_that_follows_the_window_size(string client)
    {
        await using var tmux = await TmuxSession.StartAsync(100, 30, client == ContainerClients.Docker ? daemon.DockerEnvironment() : null);
        string name = ContainerClients.UniqueName("tty");
        await tmux.TypeLineAsync($"{ContainerClients.ShellCommand(daemon, client)} run -it --rm --name {name} --network none busybox sh; echo CLI-EXIT=$?");
        await daemon.WaitForAsync("{{.State.Running}}", name, "true");
        await daemon.RememberContainersAsync();

        await tmux.TypeLineAsync("echo $((6*7))");
        await tmux.WaitForScreenAsync(s => s.Split('\n').Any(l => l.Trim() == "42"), what: "42");
        await tmux.TypeLineAsync("tty; stty size");
        await tmux.WaitForScreenAsync(s => s.Contains("/dev/pts/0") && s.Contains("30 100"), what: "/dev/pts/0 and 30 100");

        await tmux.ResizeAsync(120, 40);
        await Task.Delay(300); // SIGWINCH reaches the CLI, which sends the new size to the daemon
        await tmux.TypeLineAsync("stty size");
        await tmux.WaitForScreenAsync(s => s.Contains("40 120"), what: "40 120 after the resize");

        await tmux.TypeLineAsync("exit");
        await tmux.WaitForScreenAsync(s => s.Contains("CLI-EXIT=0"), what: "the CLI exiting 0");
        await daemon.AssertNoLeftoversAsync();
    }

    [RequiresBinaryTheory("tmux")]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Ctrl_p_ctrl_q_detaches_and_attach_returns_to_the_shell(string client)
    {
        await using var tmux = await TmuxSession.StartAsync(80, 24, client == ContainerClients.Docker ? daemon.DockerEnvironment() : null);
        string name = ContainerClients.UniqueName("detach");
        string cli = ContainerClients.ShellCommand(daemon, client);
        await tmux.TypeLineAsync($"{cli} run -it --name {name} --network none busybox sh; echo RUN-EXIT=$?");
        await daemon.WaitForAsync("{{.State.Running}}", name, "true");
        await daemon.RememberContainersAsync();
        await tmux.TypeLineAsync("echo inside-$((1+1))");
        await tmux.WaitForScreenAsync(s => s.Contains("inside-2"), what: "inside-2");

        await tmux.SendKeysAsync("C-p", "C-q");
        await tmux.WaitForScreenAsync(s => s.Contains("RUN-EXIT=0"), what: "run returning after the detach keys");
        await Task.Delay(500);
        Assert.Equal("running", await daemon.InspectAsync("{{.State.Status}}", name));

        await tmux.TypeLineAsync($"{cli} attach {name}; echo ATTACH-EXIT=$?");
        await Task.Delay(500);
        await tmux.TypeLineAsync("echo again-$((2+2))");
        await tmux.WaitForScreenAsync(s => s.Contains("again-4"), what: "again-4 after attach");
        await tmux.TypeLineAsync("exit 3");
        await tmux.WaitForScreenAsync(s => s.Contains("ATTACH-EXIT=3"), what: "attach ending with the shell's exit code");
        await daemon.WaitForAsync("{{.State.Status}} {{.State.ExitCode}}", name, "exited 3");
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }
}
