using Berth.Core.Containers;
using Berth.Core.Errors;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Starts that fail: Docker's 127/126 exit codes, --rm removal with the removed wait
/// completed, no zombie monitor left.</summary>
[Collection(nameof(SerialCollection))]
public sealed class StartFailureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("nosuchcommand", 127, "executable file not found")]
    [InlineData("/etc/passwd", 126, "permission denied")]
    public async Task FailedStart_RecordsDockersExitCode_AndLeavesNoZombieMonitor(string command, int code, string message)
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var zombiesBefore = ZombieChildren();
        var created = await svc.CreateAsync(null, RuntimeHarness.Spec(command), None);
        var error = await Assert.ThrowsAsync<EngineException>(() => svc.StartAsync(created.Id, None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(message, error.Message);
        ContainerInfo info = await svc.GetAsync(created.Id, None);
        Assert.Equal(ContainerStatus.Created, info.State.Status);
        Assert.Equal(code, info.State.ExitCode);
        Assert.Contains(message, info.State.Error);
        Assert.Empty(ZombieChildren().Except(zombiesBefore));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task FailedStart_OfAnAutoRemoveContainer_RemovesIt_AndCompletesTheRemovedWait()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var zombiesBefore = ZombieChildren();
        var created = await svc.CreateAsync(null, RuntimeHarness.Spec("nosuchcommand") with { AutoRemove = true }, None);
        // docker run --rm asks for condition=removed before it starts the container.
        Task<int> removed = svc.WaitAsync(created.Id, WaitCondition.Removed, None);
        var error = await Assert.ThrowsAsync<EngineException>(() => svc.StartAsync(created.Id, None));
        Assert.Contains("executable file not found", error.Message);
        Assert.Equal(127, await removed.WaitAsync(TimeSpan.FromSeconds(10)));
        var gone = await Assert.ThrowsAsync<EngineException>(() => svc.GetAsync(created.Id, None));
        Assert.Equal(ErrorKind.NotFound, gone.Kind);
        Assert.Equal(1, h.Events.Count(created.Id, "destroy"));
        Assert.Empty(ZombieChildren().Except(zombiesBefore));
        await h.AssertCleanAfterRemovingAllAsync();
    }

    /// <summary>Exited children of this process nobody waited for (the service makes it a subreaper).</summary>
    private static List<int> ZombieChildren()
    {
        int self = Environment.ProcessId;
        var zombies = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // pid (comm) state ppid ...; comm may hold spaces, so parse after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" && int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == self && stat.Contains("(conmon)", StringComparison.Ordinal))
            {
                zombies.Add(pid);
            }
        }
        return zombies;
    }
}
