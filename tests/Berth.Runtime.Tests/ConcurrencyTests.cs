using Berth.Core.Containers;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Many containers through one service at once: all succeed (or fail cleanly), nothing is left behind.</summary>
public sealed class ConcurrencyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ThirtyContainers_CreatedStartedRemovedConcurrently_LeaveNothingBehind()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 30 }, async (i, ct) =>
        {
            try
            {
                // A mix: long runners removed with force, quick exits removed after they stop, one exec each.
                var spec = i % 3 == 0 ? RuntimeHarness.Spec("true") : RuntimeHarness.Spec("sleep", "100");
                var created = await svc.CreateAsync(null, spec with { Init = i % 5 == 0 }, None);
                await svc.StartAsync(created.Id, None);
                if (i % 3 == 0)
                {
                    await svc.WaitAsync(created.Id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(60));
                }
                else if (i % 3 == 1)
                {
                    string exec = await svc.ExecCreateAsync(created.Id, new ExecSpec { Cmd = ["true"] }, None);
                    await using var s = await svc.ExecStartAsync(exec, detach: false, None);
                    await foreach (var _ in s!.ReadOutputAsync(None))
                    {
                    }
                    Assert.Equal(0, (await svc.ExecInspectAsync(exec, None)).ExitCode);
                }
                await svc.RemoveAsync(created.Id, force: true, removeVolumes: true, None);
                await Assert.ThrowsAsync<Core.Errors.EngineException>(() => svc.GetAsync(created.Id, None));
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        });
        Assert.Empty(failures);
        Assert.Empty(await svc.ListAsync(new ContainerListOptions { All = true }, None));
        Assert.Equal(30, h.Events.Events.Count(e => e.Action == "destroy"));
        await h.AssertCleanAfterRemovingAllAsync();
        Assert.Empty(Directory.GetDirectories(Path.Combine(h.Options.ExecRoot, "runc")));
    }
}
