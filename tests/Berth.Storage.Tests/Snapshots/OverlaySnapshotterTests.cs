using System.Formats.Tar;
using System.Text;
using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Oci;
using Berth.Storage.Snapshots;
using Berth.Testing;

namespace Berth.Storage.Tests.Snapshots;

public sealed class OverlaySnapshotterTests : IDisposable
{
    private static readonly string ChainA = Digest.Compute("layer-a"u8).ToString();
    private static readonly string ChainB = Digest.Compute("layer-b"u8).ToString();
    private readonly TempDirectory _temp = new();
    private readonly OverlaySnapshotter _snapshotter;

    public OverlaySnapshotterTests() => _snapshotter = new OverlaySnapshotter(_temp.Combine("snapshots"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ApplyUnpacksFilesWithTheirMetadataAndReturnsTheDiffId()
    {
        var time = new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var tar = new TarBuilder()
            .Directory("bin/")
            .File("bin/busybox", "#!binary", mode: 0x9ED /* 04755 */, uid: 0, gid: 0, time: time)
            .Symlink("bin/sh", "busybox")
            .HardLink("bin/ls", "bin/busybox")
            .Directory("home/user/", mode: 0x1C0, uid: 1000, gid: 1001)
            .File("home/user/notes", "hello", mode: 0x180, uid: 1000, gid: 1001, xattrs: new Dictionary<string, string> { ["user.note"] = "kept" })
            .Fifo("run/fifo")
            .File("/abs/path", "absolute names are made relative")
            .Build();

        var diffId = await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(tar), CancellationToken.None);

        Assert.Equal(Digest.Compute(tar).ToString(), diffId);
        Assert.True(_snapshotter.Exists(ChainA));
        Assert.Equal(diffId, _snapshotter.GetDiffId(ChainA));
        var fs = _snapshotter.GetLayerPath(ChainA);
        Assert.Equal(Path.Combine(_snapshotter.Root, Digest.Parse(ChainA).Hex[..12], "fs"), fs);

        var busybox = FileStatus.Lstat(Path.Combine(fs, "bin/busybox"));
        Assert.True(busybox.IsRegular);
        Assert.Equal(0x9EDu, busybox.Permissions);
        Assert.Equal(time, busybox.ModificationTime);
        Assert.Equal(2u, busybox.Nlink);
        Assert.Equal("busybox", new FileInfo(Path.Combine(fs, "bin/sh")).LinkTarget);
        Assert.Equal("#!binary", File.ReadAllText(Path.Combine(fs, "bin/ls")));

        var home = FileStatus.Lstat(Path.Combine(fs, "home/user"));
        Assert.Equal((1000u, 1001u, 0x1C0u), (home.Uid, home.Gid, home.Permissions));
        Assert.Equal(new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero), home.ModificationTime);
        var notes = FileStatus.Lstat(Path.Combine(fs, "home/user/notes"));
        Assert.Equal((1000u, 1001u, 0x180u), (notes.Uid, notes.Gid, notes.Permissions));
        Assert.Equal("kept", Encoding.UTF8.GetString(Xattrs.GetNoFollow(Path.Combine(fs, "home/user/notes"), "user.note")!));
        Assert.Equal(FileStat.S_IFIFO, FileStatus.Lstat(Path.Combine(fs, "run/fifo")).FileType);
        Assert.Equal(0x1EDu, FileStatus.Lstat(Path.Combine(fs, "run")).Permissions);
        Assert.True(File.Exists(Path.Combine(fs, "abs/path")));

        Assert.Equal("#!binary".Length + "hello".Length + "absolute names are made relative".Length, _snapshotter.GetLayerSize(ChainA));
    }

    [Fact]
    public async Task WhiteoutsBecomeOverlayWhiteouts()
    {
        await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(new TarBuilder().File("etc/passwd", "root").File("opt/a", "a").Build()), CancellationToken.None);
        var upper = new TarBuilder()
            .Directory("etc/")
            .File("etc/.wh.passwd", string.Empty, uid: 5, gid: 6)
            .Directory("opt/")
            .File("opt/.wh..wh..opq", string.Empty)
            .File("opt/new", "n")
            .File(".wh..wh.plnk/123", "aufs bookkeeping")
            .File(".wh.gone-at-root", string.Empty)
            .Build();

        await _snapshotter.ApplyLayerAsync(ChainB, ChainA, new MemoryStream(upper), CancellationToken.None);

        var fs = _snapshotter.GetLayerPath(ChainB);
        var whiteout = FileStatus.Lstat(Path.Combine(fs, "etc/passwd"));
        Assert.True(whiteout.IsWhiteout);
        Assert.Equal((5u, 6u), (whiteout.Uid, whiteout.Gid));
        Assert.True(FileStatus.Lstat(Path.Combine(fs, "gone-at-root")).IsWhiteout);
        Assert.Equal("y"u8.ToArray(), Xattrs.GetNoFollow(Path.Combine(fs, "opt"), "trusted.overlay.opaque"));
        Assert.Null(Xattrs.GetNoFollow(Path.Combine(fs, "etc"), "trusted.overlay.opaque"));
        Assert.Equal("n", File.ReadAllText(Path.Combine(fs, "opt/new")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(fs, ".wh.*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task LaterEntriesReplaceEarlierOnesAndDirectoriesMerge()
    {
        var tar = new TarBuilder()
            .File("x", "file first")
            .Directory("x/")
            .File("x/inside", "1")
            .Directory("x/", mode: 0x1FF)
            .File("y", "old")
            .File("y", "new")
            .Build();

        await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(tar), CancellationToken.None);

        var fs = _snapshotter.GetLayerPath(ChainA);
        Assert.Equal(0x1FFu, FileStatus.Lstat(Path.Combine(fs, "x")).Permissions);
        Assert.Equal("1", File.ReadAllText(Path.Combine(fs, "x/inside")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(fs, "y")));
    }

    [Fact]
    public async Task DiffIdCoversTrailingPadding()
    {
        var tar = new TarBuilder().File("a", "a").Build().Concat(new byte[10240]).ToArray();
        var diffId = await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(tar), CancellationToken.None);
        Assert.Equal(Digest.Compute(tar).ToString(), diffId);
    }

    [Fact]
    public async Task ApplyingAnExistingLayerOnlyComputesTheDiffId()
    {
        var tar = new TarBuilder().File("a", "a").Build();
        await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(tar), CancellationToken.None);
        var again = await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(tar), CancellationToken.None);
        Assert.Equal(Digest.Compute(tar).ToString(), again);
        Assert.Single(Directory.GetDirectories(_snapshotter.Root));
    }

    [Fact]
    public async Task MissingParentIsNotFound()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _snapshotter.ApplyLayerAsync(ChainB, ChainA, new MemoryStream(new TarBuilder().Build()), CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task GarbageInputIsInvalidArgumentAndLeavesNothing()
    {
        var garbage = Encoding.ASCII.GetBytes(new string('x', 2048));
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(garbage), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_snapshotter.Root));
    }

    [Fact]
    public async Task RemoveDeletesTheLayer()
    {
        await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(new TarBuilder().File("a", "a").Build()), CancellationToken.None);
        _snapshotter.Remove(ChainA);
        _snapshotter.Remove(ChainA);
        Assert.False(_snapshotter.Exists(ChainA));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_snapshotter.Root));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => _snapshotter.GetLayerPath(ChainA)).Kind);
    }

    [Fact]
    public async Task PrepareOverlayListsLowerDirsTopMostFirst()
    {
        await _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(new TarBuilder().File("a", "a").Build()), CancellationToken.None);
        await _snapshotter.ApplyLayerAsync(ChainB, ChainA, new MemoryStream(new TarBuilder().File("b", "b").Build()), CancellationToken.None);
        var container = _temp.Combine("containers", "c1");

        var mount = _snapshotter.PrepareOverlay([ChainA, ChainB], container);

        Assert.Equal("overlay", mount.Type);
        Assert.Equal(Path.Combine(container, "rootfs"), mount.Target);
        Assert.Equal(Path.Combine(container, "upper"), mount.UpperDir);
        Assert.Equal(Path.Combine(container, "work"), mount.WorkDir);
        Assert.Equal(
            $"lowerdir={_snapshotter.GetLayerPath(ChainB)}:{_snapshotter.GetLayerPath(ChainA)},upperdir={mount.UpperDir},workdir={mount.WorkDir},index=off",
            mount.Options);
        Assert.True(Directory.Exists(mount.UpperDir) && Directory.Exists(mount.WorkDir) && Directory.Exists(mount.Target));
    }

    [Fact]
    public void PrepareOverlayWithoutLayersUsesAnEmptyLowerDir()
    {
        var container = _temp.Combine("containers", "empty");
        var mount = _snapshotter.PrepareOverlay([], container);
        var empty = Path.Combine(container, "empty");
        Assert.StartsWith($"lowerdir={empty},", mount.Options);
        Assert.Empty(Directory.EnumerateFileSystemEntries(empty));
    }

    [Fact]
    public void PrepareOverlayWithUnknownLayerIsNotFound() =>
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => _snapshotter.PrepareOverlay([ChainA], _temp.Combine("c"))).Kind);

    [Fact]
    public void StaleTemporaryDirectoriesAreRemoved()
    {
        Directory.CreateDirectory(Path.Combine(_snapshotter.Root, ".tmp-crashed", "fs", "x"));
        Assert.Equal(1, _snapshotter.RemoveStaleTemporaryDirectories());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_snapshotter.Root));
    }

    [Fact]
    public async Task DeviceNodesAreRejected()
    {
        var tar = new TarBuilder().Device("dev/null", TarEntryType.CharacterDevice, 1, 3).Build();
        var error = await Assert.ThrowsAsync<EngineException>(() => _snapshotter.ApplyLayerAsync(ChainA, null, new MemoryStream(tar), CancellationToken.None));
        Assert.Contains("dev/null", error.Message);
    }
}
