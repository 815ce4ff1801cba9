using System.Text;
using Berth.Core.Containers;
using Xunit;

namespace Berth.Runtime.Tests.Networking;

/// <summary>`docker run`: attach to the created container, then start it; nothing may be lost.</summary>
public sealed class AttachBeforeStartTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Filesystem.RootFact]
    public async Task AttachBeforeStart_GetsTheFirstLine_AndDeliversStdin()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        for (int round = 0; round < 3; round++)
        {
            var created = await svc.CreateAsync(null, RuntimeHarness.Spec("echo", "hi") with { AttachStdout = true }, None);
            await using var session = await svc.AttachAsync(created.Id, new AttachOptions(false, true, true), None);
            // docker run asks for the next exit before it starts the container.
            Task<int> exit = svc.WaitAsync(created.Id, WaitCondition.NextExit, None);
            await svc.StartAsync(created.Id, None);
            Assert.Equal("hi\n", await ReadAllAsync(session));
            Assert.Equal(0, await exit.WaitAsync(TimeSpan.FromSeconds(20)));
        }

        var cat = await svc.CreateAsync(null, RuntimeHarness.Spec("cat") with { OpenStdin = true, StdinOnce = true, AttachStdin = true, AttachStdout = true }, None);
        await using (var input = await svc.AttachAsync(cat.Id, new AttachOptions(true, true, true), None))
        {
            var reading = ReadAllAsync(input);
            var writing = Task.Run(async () =>
            {
                await input.WriteStdinAsync(Encoding.ASCII.GetBytes("typed early\n"), None);
                await input.CloseStdinAsync(None);
            });
            await Task.Delay(200);
            Assert.False(writing.IsCompleted); // waits for the start
            await svc.StartAsync(cat.Id, None);
            await writing.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("typed early\n", await reading);
        }
        Assert.Equal(0, await svc.WaitAsync(cat.Id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));

        // An attach waiting on a container that is removed instead ends quietly.
        var never = await svc.CreateAsync(null, RuntimeHarness.Spec("true"), None);
        await using var orphan = await svc.AttachAsync(never.Id, new AttachOptions(false, true, true), None);
        var ends = ReadAllAsync(orphan);
        await svc.RemoveAsync(never.Id, force: false, removeVolumes: false, None);
        Assert.Equal("", await ends);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    private static async Task<string> ReadAllAsync(IStdioSession session)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = new StringBuilder();
        await foreach (OutputFrame f in session.ReadOutputAsync(cts.Token))
        {
            text.Append(Encoding.ASCII.GetString(f.Data.Span));
        }
        return text.ToString();
    }
}
