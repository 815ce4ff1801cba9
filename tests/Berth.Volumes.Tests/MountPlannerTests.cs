using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Volumes;
using Berth.Testing;

namespace Berth.Volumes.Tests;

public sealed class MountPlannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeVolumeUsage _usage = new();
    private readonly VolumeService _volumes;
    private readonly MountPlanner _planner;

    public MountPlannerTests()
    {
        _volumes = new VolumeService(_dir.Combine("root"), _usage);
        _planner = new MountPlanner(_volumes);
    }

    public void Dispose() => _dir.Dispose();

    private Task<IReadOnlyList<ResolvedMount>> Plan(MountPlanRequest request) => _planner.PlanAsync(request, default);

    [Fact]
    public async Task PlansEveryKindWithDockersInspectFields()
    {
        string host = _dir.Combine("host");
        Directory.CreateDirectory(host);
        var mounts = await Plan(new MountPlanRequest
        {
            ContainerId = "c1",
            Binds = [$"{host}:/srv:ro,z", "named:/data", "/anon"],
            Mounts = [MountSpecParser.Parse($"type=bind,src={host},dst=/srv/sub,bind-propagation=rslave"), MountSpecParser.Parse("type=tmpfs,dst=/scratch,tmpfs-size=1048576,tmpfs-mode=1777")],
            Tmpfs = new Dictionary<string, string> { ["/run"] = "size=64m,exec" },
            ImageVolumes = ["/var/lib/db", "/data"],
        });

        // Parents before children (depth), then by name.
        Assert.Equal(["/anon", "/data", "/run", "/scratch", "/srv", "/srv/sub", "/var/lib/db"], mounts.Select(m => m.Destination));
        var srv = mounts.Single(m => m.Destination == "/srv");
        Assert.Equal(("bind", "", host, "", "ro,z", false, "rprivate"), (srv.Type, srv.Name, srv.Source, srv.Driver, srv.Mode, srv.RW, srv.Propagation));
        var data = mounts.Single(m => m.Destination == "/data");
        Assert.Equal(("volume", "named", "local", "z", true, "", true), (data.Type, data.Name, data.Driver, data.Mode, data.RW, data.Propagation, data.CopyData));
        Assert.Equal((await _volumes.GetAsync("named", default)).Mountpoint, data.Source);
        var anon = mounts.Single(m => m.Destination == "/anon");
        Assert.Matches("^[0-9a-f]{64}$", anon.Name);
        Assert.Equal("z", anon.Mode);
        var image = mounts.Single(m => m.Destination == "/var/lib/db");
        Assert.Equal(("volume", "", true), (image.Type, image.Mode, image.CopyData));
        Assert.Equal("rslave", mounts.Single(m => m.Destination == "/srv/sub").Propagation);
        Assert.Equal("rw,noexec,nosuid,nodev,rprivate,mode=1777,size=1m", mounts.Single(m => m.Destination == "/scratch").TmpfsOptions);
        var run = mounts.Single(m => m.Destination == "/run");
        Assert.Equal("rw,nosuid,nodev,rprivate,size=64m,exec", run.TmpfsOptions);
        Assert.False(run.Inspectable);
        Assert.Equal(2, (await _volumes.ListAsync(new Dictionary<string, IReadOnlyList<string>> { ["label"] = ["com.docker.volume.anonymous"] }, default)).Count);
        Assert.Equal(mounts, mounts.Select(m => ResolvedMount.FromJson(m.ToJson())).ToList());
    }

    [Fact]
    public async Task VolumesFromCopiesTheOtherContainersMountsWithItsMode()
    {
        var other = await Plan(new MountPlanRequest { ContainerId = "c0", Binds = ["shared:/shared", "/tmp:/hosttmp"] });
        var mounts = await Plan(new MountPlanRequest
        {
            ContainerId = "c1",
            VolumesFrom = ["c0:ro"],
            ContainerMounts = (id, _) => Task.FromResult(id == "c0" ? other : throw EngineException.NotFound("No such container: " + id)),
        });
        Assert.Equal(["/hosttmp", "/shared"], mounts.Select(m => m.Destination).Order(StringComparer.Ordinal));
        Assert.All(mounts, m => Assert.False(m.RW));
        Assert.All(mounts, m => Assert.False(m.CopyData));
    }

    [Theory]
    [InlineData(new[] { "/a:/x", "/b:/x" }, new string[0], "Duplicate mount point: /x")]
    [InlineData(new[] { "/a:/x/" }, new[] { "type=volume,dst=/x/" }, "Duplicate mount point: /x/")]
    [InlineData(new[] { "./rel:/x" }, new string[0], "create ./rel: \"./rel\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")]
    [InlineData(new string[0], new[] { "type=bind,src=/definitely/missing,dst=/x" }, "invalid mount config for type \"bind\": bind source path does not exist: /definitely/missing")]
    [InlineData(new string[0], new[] { "type=bind,src=/tmp,dst=rel" }, "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute")]
    [InlineData(new string[0], new[] { "type=volume,dst=/x,ro" }, "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes")]
    [InlineData(new string[0], new[] { "type=bind,src=/tmp,dst=/x,bind-propagation=bogus" }, "invalid mount config for type \"bind\": invalid propagation mode: bogus")]
    public async Task RejectsWithDockersMessages(string[] binds, string[] mounts, string message)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => Plan(new MountPlanRequest
        {
            ContainerId = "c1",
            Binds = binds,
            Mounts = mounts.Select(MountSpecParser.Parse).ToList(),
        }));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task FailedPlanRemovesTheAnonymousVolumesItCreated()
    {
        await Assert.ThrowsAsync<EngineException>(() => Plan(new MountPlanRequest { ContainerId = "c1", Binds = ["/anon", "/a:/x", "/b:/x"] }));
        Assert.Empty(await _volumes.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), default));
    }

    [Fact]
    public async Task TmpfsClashingWithABindIsADuplicate()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => Plan(new MountPlanRequest
        {
            ContainerId = "c1",
            Binds = ["/a:/run"],
            Tmpfs = new Dictionary<string, string> { ["/run"] = "" },
        }));
        Assert.Equal("Duplicate mount point: /run", e.Message);
    }

    [RootFact]
    public async Task PrepareCreatesMissingBindSourcesResolvesSymlinksCopiesAndReleases()
    {
        string rootfs = _dir.Combine("rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "data"));
        Directory.CreateDirectory(Path.Combine(rootfs, "nocopy"));
        File.WriteAllText(Path.Combine(rootfs, "data", "from-image"), "img");
        File.WriteAllText(Path.Combine(rootfs, "nocopy", "from-image"), "img");
        string realDir = _dir.Combine("real");
        Directory.CreateDirectory(realDir);
        string linkDir = _dir.Combine("link");
        File.CreateSymbolicLink(linkDir, realDir);
        string missing = _dir.Combine("created", "by", "v");

        var mounts = await Plan(new MountPlanRequest
        {
            ContainerId = "c1",
            Binds = [$"{missing}:/m", $"{linkDir}:/l:rshared", "vol1:/data", "vol2:/nocopy:nocopy"],
            Mounts = [MountSpecParser.Parse("type=volume,src=tmpvol,dst=/t,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=1m")],
            Tmpfs = new Dictionary<string, string> { ["/run"] = "" },
        });
        var prepared = await _planner.PrepareAsync("c1", rootfs, mounts, default);

        Assert.True(Directory.Exists(missing));
        var l = prepared.OciMounts.Single(m => m.Destination == "/l");
        Assert.Equal(("bind", realDir), (l.Type, l.Source));
        Assert.Equal(["rbind", "rw", "rshared"], l.Options);
        Assert.Equal("rshared", prepared.RootfsPropagation);
        var data = prepared.OciMounts.Single(m => m.Destination == "/data");
        Assert.Equal("img", File.ReadAllText(Path.Combine(data.Source, "from-image")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(prepared.OciMounts.Single(m => m.Destination == "/nocopy").Source));
        Assert.All(prepared.Mounts, m => Assert.False(m.CopyData));
        var t = prepared.OciMounts.Single(m => m.Destination == "/t");
        Assert.Contains(t.Source, MountTable.MountsUnder(t.Source));
        Assert.Equal(("tmpfs", "tmpfs"), (prepared.OciMounts.Single(m => m.Destination == "/run").Type, prepared.OciMounts.Single(m => m.Destination == "/run").Source));

        await _planner.ReleaseAsync("c1", prepared.Mounts, default);
        Assert.Empty(MountTable.MountsUnder(_dir.Path));
    }

    [RootFact]
    public async Task ImageVolumeOverAnEscapingSymlinkCopiesOnlyTheRootfsFiles()
    {
        // The image (or the container, between create and start) replaced /data by a symlink to /etc.
        string rootfs = _dir.Combine("rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.WriteAllText(Path.Combine(rootfs, "etc", "inside"), "rootfs");
        File.CreateSymbolicLink(Path.Combine(rootfs, "data"), "/etc");

        var mounts = await Plan(new MountPlanRequest { ContainerId = "c1", ImageVolumes = ["/data"] });
        var prepared = await _planner.PrepareAsync("c1", rootfs, mounts, default);
        var volume = prepared.OciMounts.Single();
        Assert.Equal(["inside"], Directory.EnumerateFileSystemEntries(volume.Source).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(volume.Source), p => Path.GetFileName(p) is "passwd" or "hostname");
        // The OCI destination stays as written: runc resolves it inside the rootfs (securejoin).
        Assert.Equal("/data", volume.Destination);
        await _planner.ReleaseAsync("c1", prepared.Mounts, default);
    }

    [RootFact]
    public async Task FailedPrepareReleasesWhatItMounted()
    {
        var mounts = await Plan(new MountPlanRequest
        {
            ContainerId = "c1",
            Mounts = [MountSpecParser.Parse("type=volume,src=tv,dst=/a,volume-opt=type=tmpfs,volume-opt=device=tmpfs")],
        });
        // A --mount bind whose source vanished between create and start.
        string gone = _dir.Combine("gone");
        Directory.CreateDirectory(gone);
        mounts = [.. mounts, .. await Plan(new MountPlanRequest { ContainerId = "c1", Mounts = [MountSpecParser.Parse($"type=bind,src={gone},dst=/b")] })];
        Directory.Delete(gone);

        var e = await Assert.ThrowsAsync<EngineException>(() => _planner.PrepareAsync("c1", _dir.Path, mounts, default));
        Assert.Equal($"invalid mount config for type \"bind\": bind source path does not exist: {gone}", e.Message);
        Assert.Empty(MountTable.MountsUnder(_dir.Path));
    }
}
