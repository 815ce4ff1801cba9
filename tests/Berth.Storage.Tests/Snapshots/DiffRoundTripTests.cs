using System.Formats.Tar;
using System.Text;
using Berth.Linux.Files;
using Berth.Oci;
using Berth.Storage.Snapshots;
using Berth.Testing;

namespace Berth.Storage.Tests.Snapshots;

/// <summary>Apply a layer, change files through a real overlay mount, export the upper dir as a diff,
/// and apply that diff again. Runs as root (mount(2)).</summary>
public sealed class DiffRoundTripTests : IDisposable
{
    private static readonly string BaseChain = Digest.Compute("base"u8).ToString();
    private readonly TempDirectory _temp = new();
    private readonly OverlaySnapshotter _snapshotter;

    public DiffRoundTripTests() => _snapshotter = new OverlaySnapshotter(_temp.Combine("snapshots"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ChangesMadeThroughOverlayComeOutInDockerWhiteoutForm()
    {
        var baseTar = new TarBuilder()
            .Directory("etc/")
            .File("etc/hostname", "old")
            .File("etc/passwd", "root:x:0:0")
            .Directory("opt/")
            .File("opt/a", "a")
            .File("opt/b", "b")
            .Directory("keep/")
            .File("keep/same", "same")
            .Build();
        await _snapshotter.ApplyLayerAsync(BaseChain, null, new MemoryStream(baseTar), CancellationToken.None);

        var mount = _snapshotter.PrepareOverlay([BaseChain], _temp.Combine("containers", "c"));
        TestNative.MountOverlay(mount.Target, mount.Options);
        try
        {
            var root = mount.Target;
            Assert.Equal("old", File.ReadAllText(Path.Combine(root, "etc/hostname")));
            File.WriteAllText(Path.Combine(root, "etc/hostname"), "new");
            File.Delete(Path.Combine(root, "etc/passwd"));
            Directory.Delete(Path.Combine(root, "opt"), recursive: true);
            Directory.CreateDirectory(Path.Combine(root, "opt"));
            File.WriteAllText(Path.Combine(root, "opt/fresh"), "fresh");
            Directory.CreateDirectory(Path.Combine(root, "data"));
            File.WriteAllText(Path.Combine(root, "data/one"), "linked");
            FileNodes.Link(Path.Combine(root, "data/one"), Path.Combine(root, "data/two"));
            File.CreateSymbolicLink(Path.Combine(root, "data/link"), "/etc/hostname");
        }
        finally
        {
            TestNative.Unmount(mount.Target);
        }

        using var diff = new MemoryStream();
        await _snapshotter.WriteDiffAsync(mount.UpperDir, diff, CancellationToken.None);
        var entries = await ReadEntriesAsync(diff.ToArray());

        // Walk order is by on-disk name (as Docker's), so a whiteout sorts by the name it hides.
        Assert.Equal(
            ["data/", "data/link", "data/one", "data/two", "etc/", "etc/hostname", "etc/.wh.passwd", "opt/", "opt/.wh..wh..opq", "opt/fresh"],
            entries.Select(e => e.Name));
        Assert.Equal("new", entries.Single(e => e.Name == "etc/hostname").Content);
        Assert.Equal(TarEntryType.RegularFile, entries.Single(e => e.Name == "etc/.wh.passwd").Type);
        Assert.Equal((TarEntryType.HardLink, "data/one"), entries.Where(e => e.Name == "data/two").Select(e => (e.Type, e.LinkName)).Single());
        Assert.Equal((TarEntryType.SymbolicLink, "/etc/hostname"), entries.Where(e => e.Name == "data/link").Select(e => (e.Type, e.LinkName)).Single());
        Assert.DoesNotContain(entries, e => e.Name.StartsWith("keep", StringComparison.Ordinal));

        // The same tree always gives the same bytes, so the same diff ID.
        using var again = new MemoryStream();
        await _snapshotter.WriteDiffAsync(mount.UpperDir, again, CancellationToken.None);
        Assert.Equal(Digest.Compute(diff.ToArray()), Digest.Compute(again.ToArray()));

        // And the diff applies as the next layer with overlay whiteouts restored.
        var diffId = Digest.Compute(diff.ToArray()).ToString();
        var topChain = ChainId.Compute([Digest.Compute(baseTar).ToString(), diffId])[1];
        Assert.Equal(diffId, await _snapshotter.ApplyLayerAsync(topChain, BaseChain, new MemoryStream(diff.ToArray()), CancellationToken.None));
        var top = _snapshotter.GetLayerPath(topChain);
        Assert.True(FileStatus.Lstat(Path.Combine(top, "etc/passwd")).IsWhiteout);
        Assert.Equal("y"u8.ToArray(), Xattrs.GetNoFollow(Path.Combine(top, "opt"), "trusted.overlay.opaque"));
        Assert.Equal(2u, FileStatus.Lstat(Path.Combine(top, "data/one")).Nlink);
    }

    [Fact]
    public async Task AnUnchangedUpperDirGivesDockersEmptyLayerThatAppliesAgain()
    {
        var upper = Directory.CreateDirectory(_temp.Combine("empty-upper")).FullName;
        using var diff = new MemoryStream();

        await _snapshotter.WriteDiffAsync(upper, diff, CancellationToken.None);

        // Docker's well-known empty layer.
        Assert.Equal("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", Digest.Compute(diff.ToArray()).ToString());
        diff.Position = 0;
        var diffId = await _snapshotter.ApplyLayerAsync(Digest.Compute("empty"u8).ToString(), null, diff, CancellationToken.None);
        Assert.Equal("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", diffId);
    }

    [Fact]
    public async Task MetadataIsKeptInTheDiff()
    {
        var upper = _temp.Combine("upper");
        Directory.CreateDirectory(upper);
        var file = Path.Combine(upper, "f");
        File.WriteAllText(file, "x");
        FileNodes.Lchown(file, 1234, 5678);
        File.SetUnixFileMode(file, (UnixFileMode)0x1E4);
        var time = new DateTimeOffset(2021, 6, 7, 8, 9, 10, TimeSpan.Zero);
        FileNodes.SetTimes(file, Timespec.From(time), Timespec.From(time));
        Xattrs.TrySetNoFollow(file, "user.tag", "v"u8);
        Xattrs.TrySetNoFollow(file, "trusted.overlay.origin", "secret"u8);

        using var diff = new MemoryStream();
        await _snapshotter.WriteDiffAsync(upper, diff, CancellationToken.None);
        diff.Position = 0;
        using var reader = new TarReader(diff);
        var entry = (PaxTarEntry)reader.GetNextEntry()!;

        Assert.Equal("f", entry.Name);
        Assert.Equal((1234, 5678), (entry.Uid, entry.Gid));
        Assert.Equal((UnixFileMode)0x1E4, entry.Mode);
        Assert.Equal(time, entry.ModificationTime);
        Assert.Equal("v", entry.ExtendedAttributes["SCHILY.xattr.user.tag"]);
        Assert.DoesNotContain("SCHILY.xattr.trusted.overlay.origin", entry.ExtendedAttributes.Keys);
        Assert.Null(reader.GetNextEntry());
    }

    private static async Task<List<(string Name, TarEntryType Type, string LinkName, string Content)>> ReadEntriesAsync(byte[] tar)
    {
        var result = new List<(string, TarEntryType, string, string)>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            var content = entry.DataStream is null ? string.Empty : await new StreamReader(entry.DataStream, Encoding.UTF8).ReadToEndAsync();
            result.Add((entry.Name, entry.EntryType, entry.LinkName, content));
        }

        return result;
    }
}
