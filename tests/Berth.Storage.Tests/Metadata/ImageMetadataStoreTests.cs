using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Oci;
using Berth.Storage.Metadata;
using Berth.Testing;

namespace Berth.Storage.Tests.Metadata;

public sealed class ImageMetadataStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly MetadataDatabase _database;
    private readonly ImageMetadataStore _store;

    public ImageMetadataStoreTests()
    {
        _database = new MetadataDatabase(_temp.Combine("berth.db"));
        _store = new ImageMetadataStore(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void PutAndGetRoundTripsEveryField()
    {
        var image = Image("one") with
        {
            Parent = Id("parent"),
            ManifestDigest = Id("manifest"),
            LayerBlobs = [new LayerBlob(Id("blob"), 1234, MediaTypes.DockerLayerGzip)],
        };
        _store.PutImage(image, ["one:latest", "one@" + Id("manifest")]);

        var stored = _store.Get(image.Id);
        Assert.NotNull(stored);
        Assert.Equal(image.Id, stored.Id);
        Assert.Equal(image.DiffIds, stored.DiffIds);
        Assert.Equal(image.ChainIds, stored.ChainIds);
        Assert.Equal(image.Created, stored.Created);
        Assert.Equal(image.Size, stored.Size);
        Assert.Equal(image.Parent, stored.Parent);
        Assert.Equal(image.ManifestDigest, stored.ManifestDigest);
        Assert.Equal(image.LayerBlobs, stored.LayerBlobs);
        Assert.Equal(
            [new ImageReferenceRow("one:latest", image.Id), new ImageReferenceRow("one@" + Id("manifest"), image.Id)],
            _store.ListReferences());
    }

    [Fact]
    public void MissingImageIsNull() => Assert.Null(_store.Get(Id("nothing")));

    [Fact]
    public void TagMovesAtomicallyToTheNewImage()
    {
        var first = Image("first");
        var second = Image("second");
        _store.PutImage(first, ["app:latest", "app:1"]);
        _store.PutImage(second, ["app:latest"]);

        var references = _store.ListReferences().ToDictionary(r => r.Reference, r => r.ImageId);
        Assert.Equal(second.Id, references["app:latest"]);
        Assert.Equal(first.Id, references["app:1"]);

        _store.SetReference("app:1", second.Id);
        Assert.All(_store.ListReferences(), r => Assert.Equal(second.Id, r.ImageId));
        Assert.Equal(2, _store.List().Count);
    }

    [Fact]
    public void FailedPutChangesNothing()
    {
        var first = Image("first");
        _store.PutImage(first, ["app:latest"]);

        // The second reference is invalid (empty) so the whole transaction, including the move of
        // app:latest and the new image row, must roll back.
        Assert.ThrowsAny<ArgumentException>(() => _store.PutImage(Image("second"), ["app:latest", ""]));

        Assert.Equal([new ImageReferenceRow("app:latest", first.Id)], _store.ListReferences());
        Assert.Null(_store.Get(Image("second").Id));
    }

    [Fact]
    public void SetReferenceToMissingImageIsNotFound()
    {
        var error = Assert.Throws<EngineException>(() => _store.SetReference("x:1", Id("missing")));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Empty(_store.ListReferences());
    }

    [Fact]
    public void RemoveReferenceReportsWhetherItExisted()
    {
        _store.PutImage(Image("a"), ["a:1"]);
        Assert.True(_store.RemoveReference("a:1"));
        Assert.False(_store.RemoveReference("a:1"));
        Assert.NotNull(_store.Get(Image("a").Id));
    }

    [Fact]
    public void DeleteImageRemovesItsReferences()
    {
        _store.PutImage(Image("a"), ["a:1", "a:2"]);
        _store.PutImage(Image("b"), ["b:1"]);
        _store.DeleteImage(Image("a").Id);

        Assert.Null(_store.Get(Image("a").Id));
        Assert.Equal([new ImageReferenceRow("b:1", Image("b").Id)], _store.ListReferences());
        Assert.Single(_store.List());
    }

    [Fact]
    public void PuttingAnExistingImageKeepsItAndFillsTheManifestDigest()
    {
        _store.PutImage(Image("a"), []);
        _store.PutImage(Image("a") with { ManifestDigest = Id("m") }, ["a:1"]);
        Assert.Equal(Id("m"), _store.Get(Image("a").Id)!.ManifestDigest);
        Assert.Single(_store.List());
    }

    [Fact]
    public void DataSurvivesReopening()
    {
        _store.PutImage(Image("a"), ["a:1"]);
        _database.Dispose();
        using var reopened = new MetadataDatabase(_temp.Combine("berth.db"));
        var store = new ImageMetadataStore(reopened);
        Assert.NotNull(store.Get(Image("a").Id));
        Assert.Single(store.ListReferences());
    }

    private static string Id(string seed) => Digest.Compute(System.Text.Encoding.UTF8.GetBytes(seed)).ToString();

    private static StoredImage Image(string seed)
    {
        var diffIds = new[] { Id(seed + "-layer0"), Id(seed + "-layer1") };
        return new StoredImage(Id(seed), diffIds, ChainId.Compute(diffIds), new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero), 4096, null, [], null);
    }
}
