using System.Text;
using Berth.Core.Errors;
using Berth.Oci;

namespace Berth.Images.Tests;

public sealed class LoadTests
{
    [Fact]
    public async Task Docker2010Archive_LoadsWithConfigDigestAsIdAndTags()
    {
        var h = new Harness();
        var image = TestImages.Image("busybox");
        var (images, progress) = await h.LoadAsync(TestImages.Docker2010Archive((image, ["busybox:latest", "busybox:1.36"])));

        var loaded = Assert.Single(images);
        Assert.Equal(image.Id, loaded.Id);
        Assert.Equal(image.DiffIds, loaded.DiffIds);
        Assert.Equal(["busybox:1.36", "busybox:latest"], loaded.RepoTags);
        Assert.Equal(image.Config, loaded.ConfigJson.ToArray());
        Assert.Equal(["Loaded image: busybox:latest", "Loaded image: busybox:1.36"], progress);

        var chain = ChainId.Compute(image.DiffIds);
        Assert.True(h.Snapshots.Exists(chain[0]));
        Assert.Equal(chain[0], h.Snapshots.Layers[chain[1]].Parent);
        Assert.Equal(image.DiffIds[1], h.Snapshots.Layers[chain[1]].DiffId);
        Assert.Equal(h.Snapshots.Layers.Values.Sum(l => l.Size), loaded.Size);
        Assert.True(h.Content.Exists(image.Id));
        Assert.Equal(new DateTimeOffset(2023, 5, 19, 20, 19, 23, TimeSpan.Zero), loaded.Created);
        Assert.Contains(h.Events.Events, e => e.Action == "load" && e.ActorId == image.Id);
    }

    [Fact]
    public async Task Docker2010Archive_WithSymlinkedSharedLayer_Loads()
    {
        var h = new Harness();
        var image = TestImages.Image("linked", layerCount: 1);
        var archive = TestImages.Tar(
            ("aaa/layer.tar", image.Layers[0]),
            ("bbb/layer.tar", Encoding.UTF8.GetBytes("-> ../aaa/layer.tar")),
            ($"{image.Hex}.json", image.Config),
            ("manifest.json", TestImages.Utf8($"[{{\"Config\":\"{image.Hex}.json\",\"RepoTags\":[\"linked:1\"],\"Layers\":[\"bbb/layer.tar\"]}}]")));

        var (images, _) = await h.LoadAsync(archive);

        Assert.Equal(image.Id, Assert.Single(images).Id);
    }

    [Fact]
    public async Task Docker25Archive_Loads()
    {
        var h = new Harness();
        var a = TestImages.Image("alpine", labels: null);
        var b = TestImages.Image("app", layerCount: 1, sharedBase: a.Layers);
        var (images, progress) = await h.LoadAsync(TestImages.Docker25Archive((a, ["alpine:3.19"]), (b, ["myorg/app:v1"])));

        Assert.Equal([a.Id, b.Id], images.Select(i => i.Id));
        Assert.Equal(["myorg/app:v1"], images[1].RepoTags);
        Assert.Equal(["Loaded image: alpine:3.19", "Loaded image: myorg/app:v1"], progress);
        Assert.Equal(3, h.Snapshots.ApplyCount); // shared base layers unpacked once
    }

    [Fact]
    public async Task OciLayout_WithNestedIndex_TakesHostManifestAndContainerdName()
    {
        var h = new Harness();
        var image = TestImages.Image("oci");
        var (images, progress) = await h.LoadAsync(TestImages.OciLayoutWithIndex(image, "docker.io/library/oci:2.0", "2.0"));

        var loaded = Assert.Single(images);
        Assert.Equal(image.Id, loaded.Id);
        Assert.Equal(image.DiffIds, loaded.DiffIds); // gzip layers verified against uncompressed diff IDs
        Assert.Equal(["oci:2.0"], loaded.RepoTags);
        Assert.Equal(["Loaded image: oci:2.0"], progress);

        var stored = h.Metadata.Get(image.Id)!;
        Assert.NotNull(stored.ManifestDigest);
        Assert.True(h.Content.Exists(stored.ManifestDigest!));
        Assert.All(stored.LayerBlobs, b => Assert.Equal(MediaTypes.OciLayerTarGzip, b.MediaType));
    }

    [Fact]
    public async Task OciLayout_RefNameAnnotation_UsedOnlyWhenItIsAFullReference()
    {
        var full = new Harness();
        var image = TestImages.Image("refname", layerCount: 1);
        var (images, _) = await full.LoadAsync(TestImages.OciLayoutWithIndex(image, null, "registry.local:5000/team/refname:1"));
        Assert.Equal(["registry.local:5000/team/refname:1"], Assert.Single(images).RepoTags);

        var bare = new Harness();
        var (untagged, progress) = await bare.LoadAsync(TestImages.OciLayoutWithIndex(image, null, "latest"));
        Assert.Empty(Assert.Single(untagged).RepoTags);
        Assert.Equal([$"Loaded image ID: {image.Id}"], progress);
    }

    [Fact]
    public async Task GzipWrappedArchive_WithGzipLayers_Loads()
    {
        var h = new Harness();
        var image = TestImages.Image("zipped");
        var manifest = $"[{{\"Config\":\"{image.Hex}.json\",\"RepoTags\":[\"zipped:latest\"],\"Layers\":[\"l0/layer.tar\",\"l1/layer.tar\"]}}]";
        var archive = TestImages.Tar(
            ("./l0/layer.tar", TestImages.Gzip(image.Layers[0])),
            ("./l1/layer.tar", TestImages.Gzip(image.Layers[1])),
            ($"./{image.Hex}.json", image.Config),
            ("./manifest.json", TestImages.Utf8(manifest)));

        var (images, _) = await h.LoadAsync(TestImages.Gzip(archive));

        Assert.Equal(image.Id, Assert.Single(images).Id);
        Assert.Equal(image.DiffIds, images[0].DiffIds);
    }

    [Fact]
    public async Task LargeLayers_StreamIntoContentStore()
    {
        var h = new Harness();
        var big = TestImages.LayerTar(("big.bin", new string('z', 3 << 20)));
        var config = TestImages.ConfigObject([big], DateTimeOffset.UnixEpoch);
        var image = new TestImage(TestImages.Utf8(config.ToJsonString()), [big]);

        var (images, _) = await h.LoadAsync(TestImages.Docker25Archive((image, ["big:1"])));

        Assert.Equal(image.Id, Assert.Single(images).Id);
        Assert.True(h.Content.Exists(image.DiffIds[0]));
    }

    [Fact]
    public async Task CorruptedLayer_FailsWithDiffIdMismatch_AndLeavesNothing()
    {
        var h = new Harness();
        var image = TestImages.Image("corrupt");
        var tampered = image with { Layers = [image.Layers[0], TestImages.LayerTar(("evil", "replaced"))] };
        var archive = TestImages.Docker2010Archive((tampered, ["corrupt:latest"]));

        var ex = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(archive));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith($"invalid diffID for layer 1: expected \"{image.DiffIds[1]}\", got \"sha256:", ex.Message);
        Assert.Empty(h.Metadata.List());
        Assert.Empty(h.Metadata.ListReferences());
        Assert.Empty(h.Snapshots.Layers);
        Assert.Empty(h.Content.Digests);
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    public async Task HostileOuterPaths_AreRejected(string path)
    {
        var h = new Harness();
        var image = TestImages.Image("hostile", layerCount: 1);
        var good = TestImages.Docker2010Archive((image, ["hostile:1"]));
        var archive = TestImages.Tar((path, TestImages.Utf8("x")));
        // Put the hostile entry first, then a valid archive's worth of files.
        var combined = archive[..^1024].Concat(good).ToArray();

        var ex = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(combined));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("outside of the archive root", ex.Message);
        Assert.Empty(h.Metadata.List());
        Assert.Empty(h.Content.Digests);
    }

    [Fact]
    public async Task HostileManifestPath_IsRejected()
    {
        var h = new Harness();
        var image = TestImages.Image("hostile2", layerCount: 1);
        var archive = TestImages.Tar(
            ($"{image.Hex}.json", image.Config),
            ("manifest.json", TestImages.Utf8($"[{{\"Config\":\"{image.Hex}.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"../../etc/shadow\"]}}]")));

        var ex = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(archive));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Empty(h.Metadata.List());
    }

    [Fact]
    public async Task LayerCountMismatch_IsRejected()
    {
        var h = new Harness();
        var image = TestImages.Image("count");
        var archive = TestImages.Tar(
            ("l0.tar", image.Layers[0]),
            ($"{image.Hex}.json", image.Config),
            ("manifest.json", TestImages.Utf8($"[{{\"Config\":\"{image.Hex}.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l0.tar\"]}}]")));

        var ex = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(archive));
        Assert.Equal("invalid manifest, layers length mismatch: expected 1, got 2", ex.Message);
    }

    [Fact]
    public async Task NotAnImageArchive_IsRejected()
    {
        var h = new Harness();
        var ex = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(TestImages.Tar(("hello.txt", TestImages.Utf8("hi")))));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public async Task LoadingOverAnExistingTag_MovesItAndSaysSo()
    {
        var h = new Harness();
        var first = await h.LoadOneAsync(TestImages.Image("v1", 1), "app:latest");
        var second = TestImages.Image("v2", 1);

        var (_, progress) = await h.LoadAsync(TestImages.Docker25Archive((second, ["app:latest"])));

        Assert.Equal($"The image app:latest already exists, renaming the old one with ID {first.Id} to empty string", progress[0]);
        Assert.Empty((await h.Service.GetAsync(first.Id, CancellationToken.None)).RepoTags);
        Assert.Equal(second.Id, (await h.Service.GetAsync("app", CancellationToken.None)).Id);
    }
}
