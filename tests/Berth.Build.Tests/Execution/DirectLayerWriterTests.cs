using System.Formats.Tar;
using Berth.Build.Execution;
using Berth.Linux.Files;

namespace Berth.Build.Tests.Execution;

/// <summary>The layer a COPY/WORKDIR tar makes when written straight from the image's layers.</summary>
public sealed class DirectLayerWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Old = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task ParentsAreCopiedUpWithTheImagesMetadataOrCreated()
    {
        using var dir = new TempDir();
        var layer = LayerViewTests.Layer(dir, "layer");
        var usr = Path.Combine(layer, "usr");
        Directory.CreateDirectory(Path.Combine(usr, "share", "old"));
        File.SetUnixFileMode(usr, (UnixFileMode)0x1E8); // 0750
        File.SetUnixFileMode(Path.Combine(usr, "share"), (UnixFileMode)0x1ED);
        FileNodes.SetTimes(usr, Timespec.From(Old), Timespec.From(Old));
        FileNodes.SetTimes(Path.Combine(usr, "share"), Timespec.From(Old), Timespec.From(Old));
        var step = Tar(
            new PaxTarEntry(TarEntryType.Directory, "usr/share/app/") { Mode = (UnixFileMode)0x1ED, ModificationTime = Now },
            new PaxTarEntry(TarEntryType.RegularFile, "usr/share/app/f") { Mode = (UnixFileMode)0x1A4, DataStream = new MemoryStream([1, 2]) },
            new PaxTarEntry(TarEntryType.RegularFile, "new/deeper/x") { Mode = (UnixFileMode)0x1A4, DataStream = new MemoryStream([3]) });

        var entries = await WriteAsync(new LayerView([layer]), step);

        Assert.Equal(["usr/", "usr/share/", "usr/share/app/", "usr/share/app/f", "new/", "new/deeper/", "new/deeper/x"], entries.Select(e => e.Name));
        Assert.Equal((UnixFileMode)0x1E8, entries[0].Mode);
        Assert.Equal(Old, entries[0].ModificationTime); // copied up, untouched
        Assert.Equal(Now, entries[1].ModificationTime); // gained a new entry
        Assert.Equal((UnixFileMode)0x1ED, entries[4].Mode);
        Assert.Equal(Now, entries[4].ModificationTime);
        Assert.Equal([1, 2], entries[3].Data);
    }

    [Fact]
    public async Task ACreatedParentMovesTheTimeOfTheDirectoryAboveIt()
    {
        using var dir = new TempDir();
        var layer = LayerViewTests.Layer(dir, "layer");
        var usr = Path.Combine(layer, "usr");
        Directory.CreateDirectory(usr);
        FileNodes.SetTimes(usr, Timespec.From(Old), Timespec.From(Old));
        var step = Tar(new PaxTarEntry(TarEntryType.Directory, "usr/local/share/x/") { Mode = (UnixFileMode)0x1ED, ModificationTime = Now });

        var entries = await WriteAsync(new LayerView([layer]), step);

        Assert.Equal(["usr/", "usr/local/", "usr/local/share/", "usr/local/share/x/"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(Now, e.ModificationTime)); // usr gained "local"
    }

    [Fact]
    public async Task AnExistingDirectoryTakesTheEntrysMetadataAndNothingElse()
    {
        using var dir = new TempDir();
        var layer = LayerViewTests.Layer(dir, "layer");
        Directory.CreateDirectory(Path.Combine(layer, "app"));
        var step = Tar(new PaxTarEntry(TarEntryType.Directory, "app/") { Mode = (UnixFileMode)0x1C0, ModificationTime = Now });

        var entries = await WriteAsync(new LayerView([layer]), step);

        Assert.Equal(["app/"], entries.Select(e => e.Name));
        Assert.Equal((UnixFileMode)0x1C0, entries[0].Mode);
    }

    [Fact]
    public async Task TypeChangesAndSymlinkedParentsNeedTheContainer()
    {
        using var dir = new TempDir();
        var layer = LayerViewTests.Layer(dir, "layer");
        Directory.CreateDirectory(Path.Combine(layer, "dir"));
        LayerViewTests.Write(layer, "file", "f");
        File.CreateSymbolicLink(Path.Combine(layer, "bin"), "usr/bin");

        await Assert.ThrowsAsync<NeedsContainerException>(() => WriteAsync(new LayerView([layer]),
            Tar(new PaxTarEntry(TarEntryType.RegularFile, "dir") { DataStream = new MemoryStream([1]) })));
        await Assert.ThrowsAsync<NeedsContainerException>(() => WriteAsync(new LayerView([layer]),
            Tar(new PaxTarEntry(TarEntryType.Directory, "file/"))));
        await Assert.ThrowsAsync<NeedsContainerException>(() => WriteAsync(new LayerView([layer]),
            Tar(new PaxTarEntry(TarEntryType.RegularFile, "bin/tool") { DataStream = new MemoryStream([1]) })));
    }

    private static MemoryStream Tar(params PaxTarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                entry.Uid = 0;
                entry.Gid = 0;
                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static async Task<List<(string Name, UnixFileMode Mode, DateTimeOffset ModificationTime, byte[] Data)>> WriteAsync(LayerView view, Stream step)
    {
        var layer = new MemoryStream();
        await new DirectLayerWriter(view, Now).WriteAsync(step, layer, CancellationToken.None);
        layer.Position = 0;
        var entries = new List<(string, UnixFileMode, DateTimeOffset, byte[])>();
        using var reader = new TarReader(layer);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add((entry.Name, entry.Mode, entry.ModificationTime, data.ToArray()));
        }

        return entries;
    }
}
