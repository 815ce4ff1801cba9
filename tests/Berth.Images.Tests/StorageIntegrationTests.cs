using System.Formats.Tar;
using Berth.Core.Images;
using Berth.Images.Tests.Fakes;
using Berth.Oci;
using Berth.Storage;

namespace Berth.Images.Tests;

/// <summary>ImageService over the real StorageRoot (content store, overlay snapshotter, SQLite) in a temp dir.</summary>
public sealed class StorageIntegrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-images-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<StorageRoot> _roots = [];

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            root.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private (ImageService Service, StorageRoot Root) Open(string name)
    {
        var root = StorageRoot.Open(Path.Combine(_dir, name));
        _roots.Add(root);
        return (new ImageService(root.Content, root.Snapshots, root.Images, new FakeUsage(), new RecordingEventSink()), root);
    }

    private static byte[] LayerWithWhiteout()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/motd") { DataStream = new MemoryStream("welcome\n"u8.ToArray()), Mode = (UnixFileMode)0b110_100_100 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/.wh.old") { DataStream = new MemoryStream() });
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task LoadSaveLoad_OnRealStorage_KeepsIdsAndUnpacksFiles()
    {
        var (service, root) = Open("a");
        var image = TestImages.Image("real", 1, sharedBase: [LayerWithWhiteout()]);
        var progress = new List<string>();

        var loaded = await service.LoadAsync(new NonSeekableStream(TestImages.Gzip(TestImages.Docker2010Archive((image, ["real:1"])))), progress.Add, CancellationToken.None);

        Assert.Equal(image.Id, Assert.Single(loaded).Id);
        var chain = ChainId.Compute(image.DiffIds);
        var lower = root.Snapshots.GetLayerPath(chain[0]);
        Assert.Equal("welcome\n", await File.ReadAllTextAsync(Path.Combine(lower, "etc/motd")));
        Assert.True(loaded[0].Size > 0);

        var rootfs = await service.ResolveRootfsAsync("real:1", CancellationToken.None);
        Assert.Equal(chain, rootfs.ChainIdsBottomFirst);

        var output = new NonSeekableOutput();
        await service.SaveAsync(["real:1"], output, CancellationToken.None);

        var (other, _) = Open("b");
        var reloaded = await other.LoadAsync(new NonSeekableStream(output.Written.ToArray()), _ => { }, CancellationToken.None);
        Assert.Equal(image.Id, Assert.Single(reloaded).Id);
        Assert.Equal(image.DiffIds, reloaded[0].DiffIds);
        Assert.Equal(["real:1"], reloaded[0].RepoTags);
    }

    [Fact]
    public async Task Remove_OnRealStorage_DeletesSnapshotsAndBlobs()
    {
        var (service, root) = Open("c");
        var image = TestImages.Image("gone", 2);
        await service.LoadAsync(new NonSeekableStream(TestImages.Docker25Archive((image, ["gone:1"]))), _ => { }, CancellationToken.None);
        var chain = ChainId.Compute(image.DiffIds);
        Assert.True(root.Snapshots.Exists(chain[1]));

        var deleted = await service.RemoveAsync("gone:1", force: false, noPrune: false, CancellationToken.None);

        Assert.Equal(new ImageDeleteItem("gone:1", null), deleted[0]);
        Assert.False(root.Snapshots.Exists(chain[0]));
        Assert.False(root.Snapshots.Exists(chain[1]));
        Assert.Empty(root.Content.List());
        Assert.Empty(root.Images.List());
    }

    [Fact]
    public async Task CorruptLoad_OnRealStorage_LeavesNothing()
    {
        var (service, root) = Open("d");
        var image = TestImages.Image("bad", 2);
        var tampered = image with { Layers = [image.Layers[0], TestImages.LayerTar(("x", "y"))] };

        await Assert.ThrowsAsync<Berth.Core.Errors.EngineException>(() =>
            service.LoadAsync(new NonSeekableStream(TestImages.Docker2010Archive((tampered, ["bad:1"]))), _ => { }, CancellationToken.None));

        Assert.Empty(root.Images.List());
        Assert.Empty(root.Images.ListReferences());
        Assert.Empty(root.Content.List());
        Assert.False(root.Snapshots.Exists(ChainId.Compute(image.DiffIds)[0]));
    }

    [Fact]
    public async Task ImportAndCommit_OnRealStorage()
    {
        var (service, root) = Open("e");
        var rootfs = TestImages.LayerTar(("bin/tool", "#!/bin/sh\n"));
        var imported = await service.ImportAsync(new NonSeekableStream(TestImages.Gzip(rootfs)), new ImportOptions("tool", "1", ["CMD [\"/bin/tool\"]"], null, null), CancellationToken.None);
        Assert.Equal([TestImages.Sha(rootfs)], imported.DiffIds);
        Assert.True(File.Exists(Path.Combine(root.Snapshots.GetLayerPath(imported.DiffIds[0]), "bin/tool")));

        var layer = TestImages.LayerTar(("data/file", "content"));
        var committed = await service.CommitAsync(new CommitRequest("tool:1", new MemoryStream(layer), default, [], "tool", "2", null, null, "add data", false), CancellationToken.None);
        Assert.Equal(2, committed.DiffIds.Count);
        var details = await service.GetAsync("tool:2", CancellationToken.None);
        Assert.Equal(committed.Id, details.Id);
        Assert.Equal(imported.Id, details.Parent);
    }
}
