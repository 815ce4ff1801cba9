using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>Volume data outlives a daemon crash and a simulated reboot; in-use volumes stay protected.</summary>
public sealed class VolumesRestartTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Volume_data_survives_sigkill_and_a_reboot_simulation()
    {
        await _daemon.RunSleeperAsync("vr-writer", "-v", "vr-data:/data");
        (await _daemon.ShAsync("vr-writer", "echo before-crash > /data/one && sync")).EnsureSuccess();

        await _daemon.KillAsync();
        await _daemon.StartAsync();
        Assert.Equal("before-crash", (await _daemon.ExecAsync("vr-writer", "cat", "/data/one")).EnsureSuccess().Stdout.Trim());
        // Still in use after the restart: the daemon rebuilt its reference from the running container.
        var rm = await _daemon.RunCliAsync(["volume", "rm", "vr-data"]);
        NetworksTestKit.AssertFails(rm, "volume is in use");
        (await _daemon.ShAsync("vr-writer", "echo after-crash > /data/two && sync")).EnsureSuccess();

        // Reboot: every process and mount goes, /run (the exec root) is empty again.
        await _daemon.CliOkAsync("stop", "-t", "1", "vr-writer");
        await _daemon.StopAsync();
        MountTable.UnmountAllUnder(_daemon.Root);
        Assert.Empty(MountTable.MountsUnder(_daemon.Root));
        Directory.Delete(_daemon.ExecRoot, recursive: true);
        await _daemon.StartAsync();

        var read = (await _daemon.RunCliAsync(["run", "--rm", "-v", "vr-data:/data", "busybox", "cat", "/data/one", "/data/two"])).EnsureSuccess();
        Assert.Equal(["before-crash", "after-crash"], read.Lines);
        await _daemon.CliOkAsync("start", "vr-writer");
        Assert.Equal("after-crash", (await _daemon.ExecAsync("vr-writer", "cat", "/data/two")).EnsureSuccess().Stdout.Trim());
    }

    [RootFact]
    public async Task Removing_containers_leaves_no_mounts_under_the_roots()
    {
        var before = MountTable.MountsUnder(_daemon.Root).ToHashSet();
        string dir = Path.Combine(_daemon.Root, "bind-src");
        Directory.CreateDirectory(dir);
        await _daemon.RunSleeperAsync("vr-m1", "-v", "vr-named:/a", "-v", "/anon", "-v", $"{dir}:/b", "--tmpfs", "/t");
        await _daemon.RunSleeperAsync("vr-m2", "--volumes-from", "vr-m1");
        Assert.NotEqual(before.Count, MountTable.MountsUnder(_daemon.Root).Count);
        await _daemon.CliOkAsync("rm", "-f", "-v", "vr-m1", "vr-m2");
        var left = MountTable.MountsUnder(_daemon.Root).Where(m => !before.Contains(m)).ToList();
        Assert.True(left.Count == 0, "mounts left: " + string.Join(", ", left));
        await _daemon.CliOkAsync("volume", "rm", "vr-named");
        Assert.Empty((await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);
    }
}
