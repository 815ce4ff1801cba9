using Berth.Testing;

namespace Berth.Volumes.Tests;

/// <summary>Volumes with driver options really mounted with mount(2) (root only).</summary>
public sealed class DriverOptionVolumeTests : IDisposable
{
    private static readonly Dictionary<string, string> None = new();
    private readonly TempDirectory _dir = new();
    private readonly FakeVolumeUsage _usage = new();

    public void Dispose() => _dir.Dispose();

    private static bool IsMounted(string path) => MountTable.MountsUnder(path).Contains(path);

    private static string FsType(string path) =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Where(f => f[4] == path)
            .Select(f => f[Array.IndexOf(f, "-") + 1]).Last();

    [RootFact]
    public async Task TmpfsVolumeIsMountedOnFirstUseAndUnmountedAfterTheLast()
    {
        var service = new VolumeService(_dir.Path, _usage);
        var v = await service.CreateAsync("tmp", null, new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m,uid=1000" }, None, default);
        Assert.False(IsMounted(v.Mountpoint));

        string path = await service.MountAsync("tmp", "c1", default);
        Assert.Equal(v.Mountpoint, path);
        Assert.True(IsMounted(path));
        Assert.Equal("tmpfs", FsType(path));
        Assert.Equal(1000, (int)new UnixFileInfoProbe(path).Uid);
        await service.MountAsync("tmp", "c2", default);
        await service.MountAsync("tmp", "c1", default); // idempotent per holder

        await service.UnmountAsync("tmp", "c1", default);
        Assert.True(IsMounted(path));
        var e = await Assert.ThrowsAsync<Berth.Core.Errors.EngineException>(() => service.RemoveAsync("tmp", false, default));
        Assert.Equal("remove tmp: volume is in use - [c2]", e.Message);

        await service.UnmountAsync("tmp", "c2", default);
        Assert.False(IsMounted(path));
        await service.RemoveAsync("tmp", false, default);
    }

    [RootFact]
    public async Task BindTypeVolumeShowsTheDeviceDirectoryAndRemoveKeepsItsFiles()
    {
        string device = _dir.Combine("device");
        Directory.CreateDirectory(device);
        File.WriteAllText(Path.Combine(device, "precious"), "keep me");
        var service = new VolumeService(_dir.Combine("root"), _usage);
        await service.CreateAsync("bv", null, new Dictionary<string, string> { ["type"] = "none", ["device"] = device, ["o"] = "bind" }, None, default);

        string path = await service.MountAsync("bv", "c1", default);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(path, "precious")));

        // Daemon restart while mounted: the new instance sees the mount and remove unmounts before deleting.
        var restarted = new VolumeService(_dir.Combine("root"), _usage);
        await restarted.RemoveAsync("bv", false, default);
        Assert.False(IsMounted(path));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(device, "precious")));
    }

    [RootFact]
    public async Task AfterARebootTheNextUseMountsAgain()
    {
        var service = new VolumeService(_dir.Path, _usage);
        await service.CreateAsync("rb", null, new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs" }, None, default);
        string path = await service.MountAsync("rb", "c1", default);

        // "Reboot": every mount is gone and the daemon starts from disk.
        MountTable.UnmountAllUnder(_dir.Path);
        var rebooted = new VolumeService(_dir.Path, _usage);
        Assert.Equal(path, await rebooted.MountAsync("rb", "c1", default));
        Assert.True(IsMounted(path));
        await rebooted.UnmountAsync("rb", "c1", default);
        Assert.False(IsMounted(path));
    }

    [RootFact]
    public async Task MountFailureIsReportedLikeDocker()
    {
        var service = new VolumeService(_dir.Path, _usage);
        await service.CreateAsync("bad", null, new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=nonsense" }, None, default);
        var e = await Assert.ThrowsAsync<Berth.Core.Errors.EngineException>(() => service.MountAsync("bad", "c1", default));
        Assert.StartsWith("failed to mount local volume: mount tmpfs:" + _dir.Combine("volumes", "bad", "_data") + ", flags: 0x0, data: size=nonsense: ", e.Message);
        // A failed mount takes no reference.
        await service.RemoveAsync("bad", false, default);
    }
}

/// <summary>Owner of a path via `stat`, without a native dependency in the tests.</summary>
internal sealed class UnixFileInfoProbe(string path)
{
    public uint Uid => uint.Parse(Run("-c", "%u"), System.Globalization.CultureInfo.InvariantCulture);

    public string Run(string flag, string format)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", [flag, format, path]) { RedirectStandardOutput = true })!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }
}
