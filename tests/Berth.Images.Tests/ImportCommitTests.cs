using System.Text.Json.Nodes;
using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Oci;

namespace Berth.Images.Tests;

public sealed class ImportCommitTests
{
    private static JsonNode Config(ImageDetails image) => JsonNode.Parse(image.ConfigJson.Span)!;

    [Fact]
    public async Task Import_PlainTarWithChanges_BuildsDockerLikeConfig()
    {
        var h = new Harness();
        var rootfs = TestImages.LayerTar(("bin/app", "binary"));
        string[] changes =
        [
            "CMD [\"/bin/app\", \"--serve\"]",
            "ENV A=1 B=\"two words\"",
            "ENV LEGACY some value",
            "WORKDIR /srv",
            "WORKDIR data",
            "USER nobody",
            "EXPOSE 80 8000-8001/udp",
            "LABEL org.example=yes",
            "VOLUME [\"/data\"]",
            "STOPSIGNAL SIGTERM",
            "ONBUILD RUN echo hi",
            "HEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/",
        ];

        var image = await h.Service.ImportAsync(new NonSeekableStream(rootfs), new ImportOptions("imported", null, changes, null, null), CancellationToken.None);

        Assert.Equal(TestImages.Sha(image.ConfigJson.ToArray()), image.Id);
        Assert.Equal([TestImages.Sha(rootfs)], image.DiffIds);
        Assert.Equal(["imported:latest"], image.RepoTags);
        var root = Config(image);
        Assert.Equal("amd64", (string)root["architecture"]!);
        Assert.Equal("linux", (string)root["os"]!);
        Assert.Equal("2025-06-01T12:00:00Z", (string)root["created"]!);
        Assert.Equal("Imported from -", (string)root["history"]![0]!["comment"]!);
        Assert.Null(root["history"]![0]!["created_by"]);
        var config = root["config"]!;
        Assert.Equal(["/bin/app", "--serve"], ((JsonArray)config["Cmd"]!).Select(n => (string)n!));
        Assert.Equal(["A=1", "B=two words", "LEGACY=some value"], ((JsonArray)config["Env"]!).Select(n => (string)n!));
        Assert.Equal("/srv/data", (string)config["WorkingDir"]!);
        Assert.Equal("nobody", (string)config["User"]!);
        Assert.Equal(["80/tcp", "8000/udp", "8001/udp"], ((JsonObject)config["ExposedPorts"]!).Select(p => p.Key));
        Assert.Equal("yes", image.Labels["org.example"]);
        Assert.True(((JsonObject)config["Volumes"]!).ContainsKey("/data"));
        Assert.Equal("SIGTERM", (string)config["StopSignal"]!);
        Assert.Equal("RUN echo hi", (string)config["OnBuild"]![0]!);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/"], ((JsonArray)config["Healthcheck"]!["Test"]!).Select(n => (string)n!));
        Assert.Equal(5_000_000_000L, (long)config["Healthcheck"]!["Interval"]!);
        Assert.Equal(3L, (long)config["Healthcheck"]!["Retries"]!);
        Assert.Contains(h.Events.Events, e => e.Action == "import" && e.ActorId == image.Id);
    }

    [Fact]
    public async Task Import_ShellFormEntrypoint_ResetsCmdUnlessCmdCameFirst()
    {
        var h = new Harness();
        var a = await h.Service.ImportAsync(new NonSeekableStream(TestImages.LayerTar(("a", "1"))), new ImportOptions(null, null, ["ENTRYPOINT exec app"], "my message", null), CancellationToken.None);
        var config = Config(a);
        Assert.Equal(["/bin/sh", "-c", "exec app"], ((JsonArray)config["config"]!["Entrypoint"]!).Select(n => (string)n!));
        Assert.Null(config["config"]!["Cmd"]);
        Assert.Equal("my message", (string)config["comment"]!);
        Assert.Empty(a.RepoTags);

        var b = await h.Service.ImportAsync(new NonSeekableStream(TestImages.LayerTar(("b", "1"))), new ImportOptions(null, null, ["CMD [\"x\"]", "ENTRYPOINT [\"run\"]"], null, null), CancellationToken.None);
        Assert.Equal(["x"], ((JsonArray)Config(b)["config"]!["Cmd"]!).Select(n => (string)n!));
    }

    [Theory]
    [InlineData("RUN echo hi", "run is not a valid change command")]
    [InlineData("FROM busybox", "from is not a valid change command")]
    [InlineData("ENV", "ENV requires at least one argument")]
    [InlineData("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    public async Task Import_InvalidChange_IsRejectedBeforeStoring(string change, string message)
    {
        var h = new Harness();
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            h.Service.ImportAsync(new NonSeekableStream(TestImages.LayerTar(("a", "1"))), new ImportOptions("x", null, [change], null, null), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(message, ex.Message);
        Assert.Empty(h.Content.Digests);
    }

    [Fact]
    public async Task Import_GzipRootfs_DiffIdIsOfTheUncompressedTar_AndBlobKeptCompressed()
    {
        var h = new Harness();
        var rootfs = TestImages.LayerTar(("etc/os-release", "ID=test"));
        var gz = TestImages.Gzip(rootfs);

        var image = await h.Service.ImportAsync(new NonSeekableStream(gz), new ImportOptions("gz", "1", [], null, "linux/amd64"), CancellationToken.None);

        Assert.Equal([TestImages.Sha(rootfs)], image.DiffIds);
        var stored = h.Metadata.Get(image.Id)!;
        Assert.Equal(TestImages.Sha(gz), stored.LayerBlobs[0].Digest);
        Assert.Equal(MediaTypes.OciLayerTarGzip, stored.LayerBlobs[0].MediaType);
        Assert.True(h.Snapshots.Exists(image.DiffIds[0]));
    }

    [Fact]
    public async Task Import_InvalidRepository_UsesDockerWording()
    {
        var h = new Harness();
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            h.Service.ImportAsync(new NonSeekableStream(TestImages.LayerTar(("a", "1"))), new ImportOptions("UPPER", null, [], null, null), CancellationToken.None));
        Assert.Equal("invalid reference format: repository name (library/UPPER) must be lowercase", ex.Message);
    }

    [Fact]
    public async Task Commit_AddsLayerAndHistory_WithParentLink()
    {
        var h = new Harness();
        var baseImage = await h.LoadOneAsync(TestImages.Image("base"), "base:1");
        var layer = TestImages.LayerTar(("app/new", "file"));

        var committed = await h.Service.CommitAsync(new CommitRequest(
            "base:1", new NonSeekableStream(layer), TestImages.Utf8("{\"Cmd\":[\"app\"],\"Env\":null}"), ["LABEL stage=commit"],
            "derived", "v2", "a comment", "Jane <jane@example.com>", "/bin/sh -c make", false), CancellationToken.None);

        Assert.Equal([.. baseImage.DiffIds, TestImages.Sha(layer)], committed.DiffIds);
        Assert.Equal(baseImage.Id, committed.Parent);
        Assert.Equal(["derived:v2"], committed.RepoTags);
        var root = Config(committed);
        Assert.Equal(["app"], ((JsonArray)root["config"]!["Cmd"]!).Select(n => (string)n!));
        Assert.NotNull(root["config"]!["Env"]); // null in the overrides keeps the base value
        Assert.Equal("commit", committed.Labels["stage"]);
        Assert.Equal("Jane <jane@example.com>", (string)root["author"]!);
        var last = root["history"]!.AsArray()[^1]!;
        Assert.Equal("/bin/sh -c make", (string)last["created_by"]!);
        Assert.Equal("a comment", (string)last["comment"]!);
        Assert.Null(last["empty_layer"]);

        var history = await h.Service.HistoryAsync("derived:v2", CancellationToken.None);
        Assert.Equal(committed.Id, history[0].Id);
        Assert.Equal(["derived:v2"], history[0].Tags);
        Assert.Equal(baseImage.Id, history[1].Id);
        Assert.Equal(["base:1"], history[1].Tags);
        Assert.Equal("<missing>", history[^1].Id);
    }

    [Fact]
    public async Task Commit_EmptyTarOrNoLayer_AddsEmptyLayerHistoryOnly()
    {
        var h = new Harness();
        var baseImage = await h.LoadOneAsync(TestImages.Image("base2", 1), "base2:1");

        var emptyTar = new byte[1024];
        var committed = await h.Service.CommitAsync(new CommitRequest(
            baseImage.Id, new NonSeekableStream(emptyTar), default, ["ENV X=1"], null, null, null, null, "ENV X=1", false), CancellationToken.None);

        Assert.Equal(baseImage.DiffIds, committed.DiffIds);
        Assert.Empty(committed.RepoTags);
        Assert.True((bool)Config(committed)["history"]!.AsArray()[^1]!["empty_layer"]!);
        Assert.DoesNotContain(TestImages.Sha(emptyTar), h.Content.Digests);
    }

    [Fact]
    public async Task Commit_FromScratch_UsesHostPlatform()
    {
        var h = new Harness();
        var layer = TestImages.LayerTar(("hello", "world"));
        var image = await h.Service.CommitAsync(new CommitRequest(null, new NonSeekableStream(layer), default, [], "scratchy", null, null, null, "COPY hello /", false), CancellationToken.None);

        Assert.Equal([TestImages.Sha(layer)], image.DiffIds);
        Assert.Equal("linux", (string)Config(image)["os"]!);
        Assert.Equal(string.Empty, image.Parent);
    }

    [Fact]
    public async Task ResolveRootfs_ReunpacksMissingLayersFromBlobs()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("rootfs"), "rootfs:1");
        var chain = ChainId.Compute(image.DiffIds);
        h.Snapshots.Remove(chain[1]);

        var resolved = await h.Service.ResolveRootfsAsync("rootfs:1", CancellationToken.None);

        Assert.Equal(chain, resolved.ChainIdsBottomFirst);
        Assert.Equal(image.Id, resolved.Image.Id);
        Assert.True(h.Snapshots.Exists(chain[1]));
    }
}
