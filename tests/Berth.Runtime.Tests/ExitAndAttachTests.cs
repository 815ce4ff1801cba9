using System.Diagnostics;
using System.Text;
using Berth.Core.Containers;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Exits seen through inotify (conmon renames its exit file into place) and recorded once;
/// a TTY's stdin surviving a detach.</summary>
public sealed class ExitAndAttachTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Exit_IsSeenWithoutTheRescan_AndRecordedOnce()
    {
        // A rescan period far beyond the assertion's deadline: only the watcher can see these exits.
        await using var h = new RuntimeHarness(exitPollInterval: TimeSpan.FromMinutes(5));
        var svc = await h.StartServiceAsync();
        for (int i = 0; i < 3; i++)
        {
            var created = await svc.CreateAsync(null, RuntimeHarness.Spec("true"), None);
            Task<int> exited = svc.WaitAsync(created.Id, WaitCondition.NextExit, None);
            await svc.StartAsync(created.Id, None);
            // Far inside the 5 minute rescan period: only the watcher can have seen it. (No tighter
            // deadline: how fast is the benchmarks' business, and a loaded CI machine is slow.)
            Assert.Equal(0, await exited.WaitAsync(TimeSpan.FromSeconds(60)));
            await Task.Delay(200); // a late duplicate event would publish a second die here
            Assert.Equal(1, h.Events.Count(created.Id, "die"));
        }
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Exit_WithWatcherAndAFastRescanRacing_IsRecordedOncePerRun()
    {
        await using var h = new RuntimeHarness(exitPollInterval: TimeSpan.FromMilliseconds(10));
        var svc = await h.StartServiceAsync();
        var created = await svc.CreateAsync(null, RuntimeHarness.Spec("true"), None);
        for (int run = 1; run <= 5; run++)
        {
            Task<int> exited = svc.WaitAsync(created.Id, WaitCondition.NextExit, None);
            await svc.StartAsync(created.Id, None);
            await exited.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(100);
            Assert.Equal(run, h.Events.Count(created.Id, "die"));
            Assert.Equal(0, (await svc.GetAsync(created.Id, None)).State.ExitCode);
        }
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task TtyWithStdinOnce_KeepsStdinAcrossADetach_SoTheNextAttachCanType()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        // What `docker run -it` creates: TTY, open stdin, StdinOnce.
        var spec = RuntimeHarness.Spec("sh") with { Tty = true, OpenStdin = true, StdinOnce = true, AttachStdin = true, AttachStdout = true };
        string id = await h.RunAsync(spec);

        await using (var first = await svc.AttachAsync(id, new AttachOptions(true, true, true), None))
        {
            await first.WriteStdinAsync(Encoding.ASCII.GetBytes("echo one-$((0+1))\n"), None);
            await ReadUntilAsync(first, "one-1");
        } // the client detached (Ctrl-P Ctrl-Q): its connection ends without an EOF on stdin

        await Task.Delay(200);
        Assert.Equal(ContainerStatus.Running, (await svc.GetAsync(id, None)).State.Status);
        await using (var second = await svc.AttachAsync(id, new AttachOptions(true, true, true), None))
        {
            await second.WriteStdinAsync(Encoding.ASCII.GetBytes("echo two-$((1+1))\n"), None);
            await ReadUntilAsync(second, "two-2");
            await second.WriteStdinAsync(Encoding.ASCII.GetBytes("exit 4\n"), None);
            Assert.Equal(4, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        }
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task NoTtyWithStdinOnce_ClosesStdinAtTheClientsEof()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var spec = RuntimeHarness.Spec("cat") with { OpenStdin = true, StdinOnce = true, AttachStdin = true, AttachStdout = true };
        string id = await h.RunAsync(spec);
        await using (var session = await svc.AttachAsync(id, new AttachOptions(true, true, true), None))
        {
            await session.WriteStdinAsync(Encoding.ASCII.GetBytes("piped\n"), None);
            await ReadUntilAsync(session, "piped");
            await session.CloseStdinAsync(None);
            Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        }
        await h.AssertCleanAfterRemovingAllAsync();
    }

    private static async Task ReadUntilAsync(IStdioSession session, string expected)
    {
        var text = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // An enumerator that is not disposed keeps the session readable for the next call.
        await foreach (OutputFrame frame in session.ReadOutputAsync(cts.Token))
        {
            text.Append(Encoding.ASCII.GetString(frame.Data.Span));
            // The echo of the typed line holds "$((", the shell's answer does not.
            if (text.ToString().Split('\n').Any(line => line.TrimEnd('\r') == expected))
            {
                return;
            }
        }
        Assert.Fail($"output ended before '{expected}': {text}");
    }
}
