using System.Text;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>exec under conmon: TTY, resize, stdin, exit codes, failures, and survival of a daemon restart.</summary>
public sealed class ExecTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ExecTty_IsATerminal_ResizeIsSeen_AndExitCodeRecorded()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string exec = await svc.ExecCreateAsync(id, new ExecSpec { Cmd = ["sh"], Tty = true, AttachStdin = true }, None);
        await using var session = await svc.ExecStartAsync(exec, detach: false, None);
        Assert.NotNull(session);
        Assert.True(session!.Tty);
        await session.ResizeAsync(33, 111, None);
        var output = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reader = Task.Run(async () =>
        {
            await foreach (OutputFrame frame in session.ReadOutputAsync(cts.Token))
            {
                Assert.Equal(LogStream.Stdout, frame.Stream);
                lock (output)
                {
                    output.Append(Encoding.ASCII.GetString(frame.Data.Span));
                }
            }
        });
        await session.WriteStdinAsync(Encoding.ASCII.GetBytes("tty; stty size; echo TERM=$TERM; exit 5\n"), None);
        await reader;
        string text = output.ToString();
        Assert.Contains("/dev/pts/", text);
        Assert.Contains("33 111", text);
        Assert.Contains("TERM=xterm", text);
        Assert.Contains("\r\n", text); // raw terminal output (ONLCR), not a multiplexed pipe
        ExecInfo info = await svc.ExecInspectAsync(exec, None);
        Assert.False(info.Running);
        Assert.Equal(5, info.ExitCode);
        Assert.True(info.Pid > 0);
        Assert.Equal(1, h.Events.Count(id, "exec_die"));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task ExecStdin_WithoutTty_ReachesTheProcess_AndStreamsStaySeparate()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string exec = await svc.ExecCreateAsync(id, new ExecSpec { Cmd = ["sh", "-c", "cat; echo done >&2"], AttachStdin = true }, None);
        await using var session = await svc.ExecStartAsync(exec, detach: false, None);
        await session!.WriteStdinAsync(Encoding.ASCII.GetBytes("hello\n"), None);
        await session.CloseStdinAsync(None);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (OutputFrame frame in session.ReadOutputAsync(cts.Token))
        {
            (frame.Stream == LogStream.Stdout ? stdout : stderr).Append(Encoding.ASCII.GetString(frame.Data.Span));
        }
        Assert.Equal("hello\n", stdout.ToString());
        Assert.Equal("done\n", stderr.ToString());
        // The stream ended only once the exit code was known.
        Assert.Equal(0, (await svc.ExecInspectAsync(exec, None)).ExitCode);
        Assert.Equal("", await h.LogTextAsync(id)); // exec output is not the container's log
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task ExecOfAMissingBinary_FailsWithRuncsError_AndExitCode127()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string exec = await svc.ExecCreateAsync(id, new ExecSpec { Cmd = ["no-such-binary"] }, None);
        var error = await Assert.ThrowsAsync<EngineException>(() => svc.ExecStartAsync(exec, detach: false, None));
        Assert.StartsWith("OCI runtime exec failed: ", error.Message);
        Assert.Contains("no-such-binary", error.Message);
        ExecInfo info = await svc.ExecInspectAsync(exec, None);
        Assert.False(info.Running);
        Assert.Equal(127, info.ExitCode);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task DetachedExec_SurvivesADaemonRestart_AndItsExitIsReadFromTheExitFile()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string exec = await svc.ExecCreateAsync(id, new ExecSpec { Cmd = ["sh", "-c", "sleep 2; exit 9"], AttachStdout = false, AttachStderr = false }, None);
        Assert.Null(await svc.ExecStartAsync(exec, detach: true, None));
        var running = await svc.ExecInspectAsync(exec, None);
        Assert.True(running.Running);
        Assert.True(running.Pid > 0);
        await svc.DisposeAsync();

        await Task.Delay(TimeSpan.FromSeconds(3)); // the exec exits while no daemon runs
        svc = await h.StartServiceAsync();
        ExecInfo info = await svc.ExecInspectAsync(exec, None);
        Assert.False(info.Running);
        Assert.Equal(9, info.ExitCode);
        Assert.Equal(running.Pid, info.Pid);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task ExecAfterContainerRestart_OldExecIsGone()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string exec = await svc.ExecCreateAsync(id, new ExecSpec { Cmd = ["true"] }, None);
        await using (var s = await svc.ExecStartAsync(exec, detach: false, None))
        {
            await foreach (var _ in s!.ReadOutputAsync(None))
            {
            }
        }
        await svc.RestartAsync(id, 0, null, None);
        var gone = await Assert.ThrowsAsync<EngineException>(() => svc.ExecInspectAsync(exec, None));
        Assert.Equal("No such exec instance: " + exec, gone.Message);
        Assert.False(Directory.Exists(Path.Combine(h.Options.DataRoot, "containers", id, "execs")));
        await h.AssertCleanAfterRemovingAllAsync();
    }
}
