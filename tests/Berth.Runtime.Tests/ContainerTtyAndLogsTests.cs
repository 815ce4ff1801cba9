using System.Text;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Container TTY (raw output, resize through conmon's ctl fifo), attach with logs, tail from the end, rotation, working dir.</summary>
public sealed class ContainerTtyAndLogsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RunWithTty_AttachIsRaw_AndResizeReachesThePty()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var spec = RuntimeHarness.Spec("sh") with { Tty = true, OpenStdin = true, AttachStdin = true, AttachStdout = true };
        string id = await h.RunAsync(spec);
        await svc.ResizeAsync(id, 27, 91, None);
        await using var session = await svc.AttachAsync(id, new AttachOptions(true, true, true), None);
        Assert.True(session.Tty);
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
        await session.WriteStdinAsync(Encoding.ASCII.GetBytes("stty size; echo err >&2; exit 3\n"), None);
        Assert.Equal(3, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        await reader.WaitAsync(TimeSpan.FromSeconds(20));
        string text = output.ToString();
        Assert.Contains("27 91\r\n", text);
        Assert.Contains("err\r\n", text); // stderr shares the terminal
        Assert.Contains("27 91", await h.LogTextAsync(id));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task AttachWithLogs_ReplaysTheLogFirst_AndWithoutStreamWorksOnAStoppedContainer()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var spec = RuntimeHarness.Spec("sh", "-c", "echo before; echo warn >&2; read line; echo got $line") with { OpenStdin = true, AttachStdin = true };
        string id = await h.RunAsync(spec);
        await WaitForLogAsync(h, id, "warn");
        var frames = new List<OutputFrame>();
        await using (var session = await svc.AttachAsync(id, new AttachOptions(true, true, true, Logs: true), None))
        {
            await session.WriteStdinAsync(Encoding.ASCII.GetBytes("x\n"), None);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await foreach (OutputFrame f in session.ReadOutputAsync(cts.Token))
            {
                frames.Add(f);
            }
        }
        string Text(IEnumerable<OutputFrame> fs) => string.Concat(fs.Select(f => Encoding.ASCII.GetString(f.Data.Span)));
        Assert.Equal("before\ngot x\n", Text(frames.Where(f => f.Stream == LogStream.Stdout)));
        Assert.Equal("warn\n", Text(frames.Where(f => f.Stream == LogStream.Stderr)));
        Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));

        await using var replay = await svc.AttachAsync(id, new AttachOptions(false, true, false, Logs: true, Stream: false), None);
        var again = new List<OutputFrame>();
        await foreach (OutputFrame f in replay.ReadOutputAsync(None))
        {
            again.Add(f);
        }
        Assert.Equal("before\ngot x\n", Text(again));
        // Docker's daemon lets a stopped container be attached: the session streams from its next start (`start -a`).
        await using (await svc.AttachAsync(id, new AttachOptions(false, true, true), None))
        {
        }
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Tail_IsReadFromTheEnd_OfALargeLog_CountingBothStreams()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "seq 1 20000; sleep 0.3; echo last-err >&2; sleep 0.3; printf 'no newline'"));
        Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("19999\n20000\nlast-err\nno newline", await h.LogTextAsync(id, new LogsOptions { Tail = 3 }));
        Assert.Equal("19999\n20000\nno newline", await h.LogTextAsync(id, new LogsOptions { Tail = 3, Stderr = false }));
        Assert.Equal("no newline", await h.LogTextAsync(id, new LogsOptions { Tail = 0 }));
        string all = await h.LogTextAsync(id, new LogsOptions { Tail = 100000 });
        Assert.StartsWith("1\n2\n", all);
        Assert.Equal(all, await h.LogTextAsync(id));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task LogRotation_MaxSizeAndMaxFile_KeepsNewestFiles_AndLogsReadsThemInOrder()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var config = new LogConfig("json-file", new Dictionary<string, string> { ["max-size"] = "3k", ["max-file"] = "3" });
        // ~2 KiB of log records per 0.3 s: the daemon rotates on its poll tick (500 ms in tests).
        var spec = RuntimeHarness.Spec("sh", "-c", "i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo line-$i-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; [ $((i % 20)) = 0 ] && sleep 0.3; done; sleep 1.5") with { LogConfig = config };
        string id = await h.RunAsync(spec);
        var follow = Task.Run(() => h.LogTextAsync(id, new LogsOptions { Follow = true }));
        Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(30)));
        string dir = Path.Combine(h.Options.DataRoot, "containers", id);
        Assert.True(File.Exists(Path.Combine(dir, "ctr.log.1")));
        Assert.True(File.Exists(Path.Combine(dir, "ctr.log.2")));
        Assert.False(File.Exists(Path.Combine(dir, "ctr.log.3")));
        var lines = (await h.LogTextAsync(id)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length < 200, "the oldest file should have been dropped");
        int first = int.Parse(lines[0].Split('-')[1]);
        Assert.Equal(Enumerable.Range(first, 200 - first + 1).Select(i => $"line-{i}-" + new string('a', 46)), lines);
        // A follower saw every line exactly once, across rotations.
        var followed = (await follow.WaitAsync(TimeSpan.FromSeconds(20))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"line-{i}-" + new string('a', 46)), followed);
        var bad = await Assert.ThrowsAsync<EngineException>(() => svc.CreateAsync(null, RuntimeHarness.Spec("true") with { LogConfig = new LogConfig("json-file", new Dictionary<string, string> { ["max-file"] = "2" }) }, None));
        Assert.Equal("max-file cannot be set when max-size is not set", bad.Message);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task WorkingDir_IsCreated_InsideTheRootfs_EvenThroughAnEscapingSymlink()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string id = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "pwd; stat -c '%u %a' /work/a/b") with { WorkingDir = "/work/a/b", User = "alice" });
        Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("/work/a/b\n0 755\n", await h.LogTextAsync(id));

        // /escape -> <a host directory>: followed inside the rootfs, never on the host.
        string hostDir = Directory.CreateDirectory(Path.Combine(h.Root, "host-target")).FullName;
        File.CreateSymbolicLink(Path.Combine(h.Image.LayerDir, "escape"), hostDir);
        string contained = await h.RunAsync(RuntimeHarness.Spec("pwd") with { WorkingDir = "/escape/sub" });
        Assert.Equal(0, await svc.WaitAsync(contained, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(hostDir + "/sub\n", await h.LogTextAsync(contained)); // pwd shows the resolved path, as in Docker
        Assert.False(Directory.Exists(Path.Combine(hostDir, "sub")));
        Assert.True(Directory.Exists(Path.Combine(h.Options.DataRoot, "containers", contained, "upper", hostDir.TrimStart('/'), "sub")));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    private static async Task WaitForLogAsync(RuntimeHarness h, string id, string text)
    {
        for (int i = 0; i < 100 && !(await h.LogTextAsync(id)).Contains(text); i++)
        {
            await Task.Delay(50);
        }
    }
}
