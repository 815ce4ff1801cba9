using Berth.Linux.Cgroups;
using Xunit;

namespace Berth.Runtime.Tests.Cgroups;

public sealed class CgroupAttachWarmerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-cgroupfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }

    [Fact]
    public void V1_prefers_the_pids_hierarchy_and_skips_unmounted_ones()
    {
        const string self = "12:pids:/user.slice/x\n5:cpu,cpuacct:/y\n4:freezer:/f\n1:name=systemd:/s\n0::/u\n";
        Touch("freezer/f/cgroup.procs");
        Touch("systemd/s/cgroup.procs");
        Assert.Equal(Path.Combine(_root, "freezer/f/cgroup.procs"), CgroupAttachWarmer.ProcsFileOf(new CgroupFs(_root), self));
        Touch("pids/user.slice/x/cgroup.procs");
        Assert.Equal(Path.Combine(_root, "pids/user.slice/x/cgroup.procs"), CgroupAttachWarmer.ProcsFileOf(new CgroupFs(_root), self));
    }

    [Fact]
    public void V2_uses_the_unified_line()
    {
        Touch("cgroup.controllers");
        Touch("system.slice/berth.service/cgroup.procs");
        const string self = "0::/system.slice/berth.service\n";
        Assert.Equal(Path.Combine(_root, "system.slice/berth.service/cgroup.procs"), CgroupAttachWarmer.ProcsFileOf(new CgroupFs(_root), self));
    }

    [Fact]
    public void No_cgroup_to_write_to_leaves_the_warmer_off()
    {
        using var warmer = new CgroupAttachWarmer(new CgroupFs(_root), "0::/nowhere\n");
        Assert.Null(warmer.ProcsFile);
        warmer.Warm();
        Assert.Equal(0, warmer.Warmings);
    }

    /// <summary>On this host (tests run as root, as the daemon does): the write is accepted (counted)
    /// and this process stays in the cgroups it was in.</summary>
    [Fact]
    public async Task On_the_host_a_warm_write_succeeds_and_moves_nothing()
    {
        string before = await File.ReadAllTextAsync("/proc/self/cgroup");
        using var warmer = new CgroupAttachWarmer(new CgroupFs());
        Assert.NotNull(warmer.ProcsFile);
        warmer.Warm();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (warmer.Warmings == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
        Assert.Equal(1, warmer.Warmings);
        Assert.Equal(before, await File.ReadAllTextAsync("/proc/self/cgroup"));
    }
}
