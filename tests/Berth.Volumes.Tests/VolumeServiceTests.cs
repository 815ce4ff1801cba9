using Berth.Core.Errors;
using Berth.Testing;

namespace Berth.Volumes.Tests;

public sealed class VolumeServiceTests : IDisposable
{
    private static readonly Dictionary<string, string> None = new();
    private static readonly Dictionary<string, IReadOnlyList<string>> NoFilters = new();

    private readonly TempDirectory _dir = new();
    private readonly FakeVolumeUsage _usage = new();

    public void Dispose() => _dir.Dispose();

    private VolumeService NewService() => new(_dir.Path, _usage);

    private static Dictionary<string, IReadOnlyList<string>> Filter(string key, params string[] values) => new() { [key] = values };

    [Fact]
    public async Task CreateInspectAndIdempotentCreate()
    {
        var service = NewService();
        var created = await service.CreateAsync("data", null, None, new Dictionary<string, string> { ["app"] = "web" }, default);
        Assert.Equal("data", created.Name);
        Assert.Equal("local", created.Driver);
        Assert.Equal("local", created.Scope);
        Assert.Equal(_dir.Combine("volumes", "data", "_data"), created.Mountpoint);
        Assert.True(Directory.Exists(created.Mountpoint));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.CreatedAt);
        Assert.Null(created.Status);

        // Docker's create is idempotent and keeps the first options/labels.
        var again = await service.CreateAsync("data", "local", None, new Dictionary<string, string> { ["other"] = "x" }, default);
        Assert.Equal("web", again.Labels["app"]);
        Assert.False(again.Labels.ContainsKey("other"));

        var inspected = await service.GetAsync("data", default);
        Assert.Equal(created.CreatedAt, inspected.CreatedAt);
    }

    [Fact]
    public async Task AnonymousVolumesGetAHexNameAndTheAnonymousLabel()
    {
        var v = await NewService().CreateAsync(null, null, None, None, default);
        Assert.Matches("^[0-9a-f]{64}$", v.Name);
        Assert.Equal("", v.Labels["com.docker.volume.anonymous"]);
    }

    [Theory]
    [InlineData("a", "create a: volume name is too short, names should be at least two alphanumeric characters")]
    [InlineData("../etc", "create ../etc: \"../etc\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")]
    [InlineData("-x", "create -x: \"-x\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")]
    public async Task RejectsInvalidNames(string name, string message)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => NewService().CreateAsync(name, null, None, None, default));
        Assert.Equal((ErrorKind.InvalidArgument, message), (e.Kind, e.Message));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("volumes")));
    }

    [Fact]
    public async Task RejectsUnknownDriverAndOptions()
    {
        var service = NewService();
        var e = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync("vv", "nfsplug", None, None, default));
        Assert.Equal((ErrorKind.NotFound, "create vv: error looking up volume plugin nfsplug: plugin \"nfsplug\" not found"), (e.Kind, e.Message));

        e = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync("vv", null, new Dictionary<string, string> { ["foo"] = "1" }, None, default));
        Assert.Equal("create vv: invalid option: \"foo\"", e.Message);

        e = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync("vv", null, new Dictionary<string, string> { ["type"] = "tmpfs" }, None, default));
        Assert.Equal("create vv: missing required option: \"device\"", e.Message);

        e = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync("vv", null, new Dictionary<string, string> { ["o"] = "size=1m", ["device"] = "tmpfs" }, None, default));
        Assert.Equal("create vv: missing required option: \"type\"", e.Message);
    }

    [Fact]
    public async Task GetMissingIsNotFound()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => NewService().GetAsync("nope", default));
        Assert.Equal((ErrorKind.NotFound, "get nope: no such volume"), (e.Kind, e.Message));
    }

    [Fact]
    public async Task ListFilters()
    {
        var service = NewService();
        await service.CreateAsync("alpha", null, None, new Dictionary<string, string> { ["env"] = "prod", ["team"] = "a" }, default);
        await service.CreateAsync("beta", null, None, new Dictionary<string, string> { ["env"] = "dev" }, default);
        await service.CreateAsync("gamma", null, None, None, default);
        _usage.Use("beta", "c1");

        async Task<string> Names(Dictionary<string, IReadOnlyList<string>> f) =>
            string.Join(",", (await service.ListAsync(f, default)).Select(v => v.Name));

        Assert.Equal("alpha,beta,gamma", await Names(NoFilters));
        Assert.Equal("alpha,gamma", await Names(Filter("dangling", "true")));
        Assert.Equal("beta", await Names(Filter("dangling", "0")));
        Assert.Equal("alpha,beta,gamma", await Names(Filter("name", "a$")));
        Assert.Equal("beta", await Names(Filter("name", "^b")));
        Assert.Equal("beta", await Names(Filter("name", "beta")));
        Assert.Equal("alpha,beta", await Names(Filter("label", "env")));
        Assert.Equal("alpha", await Names(Filter("label", "env=prod", "team")));
        Assert.Equal("alpha,beta,gamma", await Names(Filter("driver", "local")));
        Assert.Equal("", await Names(Filter("driver", "other")));

        var e = await Assert.ThrowsAsync<EngineException>(() => service.ListAsync(Filter("until", "1h"), default));
        Assert.Equal("invalid filter 'until'", e.Message);
        e = await Assert.ThrowsAsync<EngineException>(() => service.ListAsync(Filter("dangling", "maybe"), default));
        Assert.Equal("invalid filter 'dangling=maybe'", e.Message);
    }

    [Fact]
    public async Task RemoveInUseIsConflictAndForceOnlyIgnoresMissing()
    {
        var service = NewService();
        var v = await service.CreateAsync("data", null, None, None, default);
        File.WriteAllText(Path.Combine(v.Mountpoint, "f"), "x");
        _usage.Use("data", "bbb");
        _usage.Use("data", "aaa");

        var e = await Assert.ThrowsAsync<EngineException>(() => service.RemoveAsync("data", force: true, default));
        Assert.Equal((ErrorKind.Conflict, "remove data: volume is in use - [aaa, bbb]"), (e.Kind, e.Message));

        _usage.Clear();
        await service.RemoveAsync("data", force: false, default);
        Assert.False(Directory.Exists(_dir.Combine("volumes", "data")));
        await service.RemoveAsync("data", force: true, default);
        e = await Assert.ThrowsAsync<EngineException>(() => service.RemoveAsync("data", force: false, default));
        Assert.Equal((ErrorKind.NotFound, "get data: no such volume"), (e.Kind, e.Message));
    }

    [Fact]
    public async Task PruneRemovesUnusedAnonymousVolumesUnlessAll()
    {
        var service = NewService();
        var anon = await service.CreateAsync(null, null, None, None, default);
        var anonUsed = await service.CreateAsync(null, null, None, None, default);
        await service.CreateAsync("named", null, None, new Dictionary<string, string> { ["keep"] = "yes" }, default);
        await service.CreateAsync("named2", null, None, None, default);
        await service.CreateAsync("withopts", null, new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs" }, None, default);
        File.WriteAllBytes(Path.Combine(anon.Mountpoint, "blob"), new byte[1000]);
        _usage.Use(anonUsed.Name, "c1");

        var report = await service.PruneAsync(NoFilters, all: false, default);
        Assert.Equal([anon.Name], report.VolumesDeleted);
        Assert.Equal(1000, report.SpaceReclaimed);

        report = await service.PruneAsync(Filter("label!", "keep"), all: true, default);
        Assert.Equal(["named2"], report.VolumesDeleted);

        report = await service.PruneAsync(Filter("all", "true"), all: false, default);
        Assert.Equal(["named"], report.VolumesDeleted);

        // In use, and volumes with driver options, are never pruned (as Docker).
        Assert.Equal([anonUsed.Name, "withopts"], (await service.ListAsync(NoFilters, default)).Select(v => v.Name).Order(StringComparer.Ordinal));

        var e = await Assert.ThrowsAsync<EngineException>(() => service.PruneAsync(Filter("dangling", "true"), false, default));
        Assert.Equal("invalid filter 'dangling'", e.Message);
    }

    [Fact]
    public async Task VolumesSurviveANewServiceInstance()
    {
        var first = NewService();
        var v = await first.CreateAsync("keep", null, new Dictionary<string, string> { ["type"] = "none", ["device"] = "/tmp", ["o"] = "bind" }, new Dictionary<string, string> { ["l"] = "1" }, default);
        await File.WriteAllTextAsync(Path.Combine(v.Mountpoint, "f"), "data");

        var second = NewService();
        var again = await second.GetAsync("keep", default);
        Assert.Equal((v.Name, v.Mountpoint, v.CreatedAt), (again.Name, again.Mountpoint, again.CreatedAt));
        Assert.Equal(v.Labels, again.Labels);
        Assert.Equal(v.Options, again.Options);
        Assert.Equal("bind", again.Options["o"]);
        Assert.Equal("data", await File.ReadAllTextAsync(Path.Combine(again.Mountpoint, "f")));
        Assert.False(File.Exists(_dir.Combine("volumes", "keep", "opts.json.tmp")));
    }

    [Fact]
    public async Task SizeReportsUsage()
    {
        var service = NewService();
        var v = await service.CreateAsync("sized", null, None, None, default);
        Directory.CreateDirectory(Path.Combine(v.Mountpoint, "sub"));
        File.WriteAllBytes(Path.Combine(v.Mountpoint, "sub", "a"), new byte[300]);
        File.WriteAllBytes(Path.Combine(v.Mountpoint, "b"), new byte[200]);
        File.CreateSymbolicLink(Path.Combine(v.Mountpoint, "link"), "b"); // counted with its own size (1)
        _usage.Use("sized", "c1");

        var sized = Assert.Single(await service.SizeAsync(default));
        Assert.Equal(501, sized.UsageData!.Size);
        Assert.Equal(1, sized.UsageData.RefCount);
    }
}
