using Berth.Core.Errors;

namespace Berth.Images.Tests;

public sealed class ListPruneTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(Harness H, string Old, string Mid, string New, string Dangling)> SetupAsync()
    {
        var h = new Harness();
        var old = await h.LoadOneAsync(TestImages.Image("old", 1, created: T0, labels: null), "busybox:1.35", "busybox:latest");
        var midImage = TestImages.Image("mid", 1, created: T0.AddDays(1));
        var labelled = new TestImage(TestImages.Utf8(TestImages.ConfigObject(midImage.Layers, T0.AddDays(1), new Dictionary<string, string> { ["tier"] = "web", ["team"] = "a" }).ToJsonString()), midImage.Layers);
        var mid = await h.LoadOneAsync(labelled, "myorg/web:2");
        var @new = await h.LoadOneAsync(TestImages.Image("new", 1, created: T0.AddDays(2)), "alpine:3");
        var dangling = await h.LoadOneAsync(TestImages.Image("dangling", 1, created: T0.AddDays(3)));
        return (h, old.Id, mid.Id, @new.Id, dangling.Id);
    }

    private static async Task<IReadOnlyList<string>> ListIds(Harness h, params (string, string)[] filters) =>
        (await h.Service.ListAsync(Harness.Filters(filters), all: false, CancellationToken.None)).Select(i => i.Id).ToArray();

    [Fact]
    public async Task List_ShowsAllNewestFirst_DanglingWithoutTags()
    {
        var (h, old, mid, @new, dangling) = await SetupAsync();
        var images = await h.Service.ListAsync(Harness.NoFilters, all: false, CancellationToken.None);

        Assert.Equal([dangling, @new, mid, old], images.Select(i => i.Id));
        Assert.Empty(images[0].RepoTags);
        Assert.Equal(["busybox:1.35", "busybox:latest"], images[3].RepoTags);
    }

    [Fact]
    public async Task List_DanglingFilter()
    {
        var (h, old, mid, @new, dangling) = await SetupAsync();
        Assert.Equal([dangling], await ListIds(h, ("dangling", "true")));
        Assert.Equal([@new, mid, old], await ListIds(h, ("dangling", "false")));
        var ex = await Assert.ThrowsAsync<EngineException>(() => ListIds(h, ("dangling", "maybe")));
        Assert.Equal("invalid filter 'dangling=maybe'", ex.Message);
    }

    [Fact]
    public async Task List_ReferenceFilter_UsesPathMatchOnRepoAndRepoTag()
    {
        var (h, old, mid, _, _) = await SetupAsync();
        Assert.Equal([old], await ListIds(h, ("reference", "busybox")));
        Assert.Equal([old], await ListIds(h, ("reference", "busy*:1.*")));
        Assert.Equal([mid], await ListIds(h, ("reference", "myorg/*")));
        Assert.Empty(await ListIds(h, ("reference", "*"))
            .ContinueWith(t => t.Result.Where(id => id == mid).ToArray())); // '*' never crosses '/'

        var tags = (await h.Service.ListAsync(Harness.Filters(("reference", "busybox:latest")), false, CancellationToken.None)).Single().RepoTags;
        Assert.Equal(["busybox:latest"], tags);
    }

    [Fact]
    public async Task List_LabelBeforeSince()
    {
        var (h, old, mid, @new, dangling) = await SetupAsync();
        Assert.Equal([mid], await ListIds(h, ("label", "tier")));
        Assert.Equal([mid], await ListIds(h, ("label", "tier=web"), ("label", "team=a")));
        Assert.Empty(await ListIds(h, ("label", "tier=db")));
        Assert.Equal([mid, old], await ListIds(h, ("before", "alpine:3")));
        Assert.Equal([dangling, @new], await ListIds(h, ("since", "myorg/web:2")));
    }

    [Fact]
    public async Task List_UnknownFilter_IsInvalid()
    {
        var h = new Harness();
        var ex = await Assert.ThrowsAsync<EngineException>(() => ListIds(h, ("colour", "red")));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("invalid filter 'colour'", ex.Message);
    }

    [Fact]
    public async Task Get_ResolvesNamesLikeDocker()
    {
        var (h, old, mid, _, dangling) = await SetupAsync();
        Assert.Equal(old, (await h.Service.GetAsync("busybox", CancellationToken.None)).Id);
        Assert.Equal(old, (await h.Service.GetAsync("docker.io/library/busybox:1.35", CancellationToken.None)).Id);
        Assert.Equal(mid, (await h.Service.GetAsync("myorg/web:2", CancellationToken.None)).Id);
        Assert.Equal(dangling, (await h.Service.GetAsync(dangling, CancellationToken.None)).Id);
        Assert.Equal(dangling, (await h.Service.GetAsync(dangling[7..], CancellationToken.None)).Id);
        Assert.Equal(dangling, (await h.Service.GetAsync(dangling[..15], CancellationToken.None)).Id);
        Assert.Equal(dangling, (await h.Service.GetAsync(dangling[7..12], CancellationToken.None)).Id);

        var missing = await Assert.ThrowsAsync<EngineException>(() => h.Service.GetAsync("busybox:nope", CancellationToken.None));
        Assert.Equal("No such image: busybox:nope", missing.Message);
        var bare = await Assert.ThrowsAsync<EngineException>(() => h.Service.GetAsync("nothing", CancellationToken.None));
        Assert.Equal("No such image: nothing:latest", bare.Message);
        var hex = new string('0', 64);
        var full = await Assert.ThrowsAsync<EngineException>(() => h.Service.GetAsync(hex, CancellationToken.None));
        Assert.Equal($"No such image: sha256:{hex}", full.Message);
        var invalid = await Assert.ThrowsAsync<EngineException>(() => h.Service.GetAsync("Bad", CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, invalid.Kind);
    }

    [Fact]
    public async Task Get_AmbiguousPrefix_IsNotFound()
    {
        var h = new Harness();
        var ids = new List<string>();
        for (var i = 0; ids.Select(id => id[7]).Distinct().Count() == ids.Count; i++)
        {
            ids.Add((await h.LoadOneAsync(TestImages.Image("amb" + i, 1))).Id);
        }

        var shared = ids.GroupBy(id => id[7]).First(g => g.Count() > 1).Key.ToString();
        var ex = await Assert.ThrowsAsync<EngineException>(() => h.Service.GetAsync(shared, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task Tag_ValidatesAndMovesReferences()
    {
        var (h, old, mid, _, _) = await SetupAsync();
        await h.Service.TagAsync(mid[7..19], "busybox", null, CancellationToken.None);
        Assert.Equal(mid, (await h.Service.GetAsync("busybox:latest", CancellationToken.None)).Id);
        Assert.Equal(["busybox:1.35"], (await h.Service.GetAsync(old, CancellationToken.None)).RepoTags);
        Assert.Contains(h.Events.Events, e => e.Action == "tag" && e.Attributes["name"] == "busybox:latest" && e.Attributes["tier"] == "web");

        var notFound = await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync("ghost", "x", "1", CancellationToken.None));
        Assert.Equal("No such image: ghost:latest", notFound.Message);
        var badTag = await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync(old, "x", "-bad", CancellationToken.None));
        Assert.Equal("invalid tag format", badTag.Message);
        var badRepo = await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync(old, "a//b", null, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, badRepo.Kind);
        var ambiguous = await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync(old, "sha256", "x", CancellationToken.None));
        Assert.Equal("refusing to create an ambiguous tag using digest algorithm as name", ambiguous.Message);
    }

    [Fact]
    public async Task History_MapsEmptyLayersAndSizes()
    {
        var (h, old, _, _, _) = await SetupAsync();
        var history = await h.Service.HistoryAsync("busybox:latest", CancellationToken.None);

        Assert.Equal(2, history.Count);
        Assert.Equal(old, history[0].Id);
        Assert.Equal(0, history[0].Size);
        Assert.Equal("/bin/sh -c #(nop)  CMD [\"sh\"]", history[0].CreatedBy);
        Assert.Equal(["busybox:1.35", "busybox:latest"], history[0].Tags);
        Assert.Equal("<missing>", history[1].Id);
        Assert.True(history[1].Size > 0);
        Assert.Equal(T0, history[1].Created);
    }

    [Fact]
    public async Task Prune_Dangling_DeletesOnlyUntaggedImages()
    {
        var (h, old, mid, @new, dangling) = await SetupAsync();
        var result = await h.Service.PruneAsync(Harness.NoFilters, CancellationToken.None);

        Assert.Contains(result.ImagesDeleted, d => d.Deleted == dangling);
        Assert.True(result.SpaceReclaimed > 0);
        Assert.Equal([@new, mid, old], await ListIds(h));
        Assert.Contains(h.Events.Events, e => e.Action == "prune");
    }

    [Fact]
    public async Task Prune_All_KeepsImagesInUse_AndHonoursLabelAndUntil()
    {
        var (h, old, mid, @new, dangling) = await SetupAsync();
        h.Usage.Add(new string('a', 64), @new, running: true);

        var labelOnly = await h.Service.PruneAsync(Harness.Filters(("dangling", "false"), ("label", "tier=web")), CancellationToken.None);
        Assert.Equal(["myorg/web:2"], labelOnly.ImagesDeleted.Where(d => d.Untagged is not null).Select(d => d.Untagged));
        Assert.Contains(labelOnly.ImagesDeleted, d => d.Deleted == mid);

        var until = await h.Service.PruneAsync(Harness.Filters(("dangling", "false"), ("until", "2024-01-01T12:00:00Z")), CancellationToken.None);
        Assert.Contains(until.ImagesDeleted, d => d.Deleted == old);
        Assert.Equal([dangling, @new], await ListIds(h));

        var rest = await h.Service.PruneAsync(Harness.Filters(("dangling", "false")), CancellationToken.None);
        Assert.Equal([@new], await ListIds(h));
        Assert.Contains(rest.ImagesDeleted, d => d.Deleted == dangling);

        var bad = await Assert.ThrowsAsync<EngineException>(() => h.Service.PruneAsync(Harness.Filters(("reference", "x")), CancellationToken.None));
        Assert.Equal("invalid filter 'reference'", bad.Message);
    }
}
