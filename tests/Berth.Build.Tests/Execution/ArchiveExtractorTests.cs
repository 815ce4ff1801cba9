using System.Formats.Tar;
using Berth.Build.Execution;
using Berth.Core.Errors;

namespace Berth.Build.Tests.Execution;

public sealed class ArchiveExtractorTests
{
    [Fact]
    public async Task DirectoryArchiveKeepsFilesLinksAndModes()
    {
        using var dir = new TempDir();
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "out") { Mode = (UnixFileMode)0x1C0 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "out/app") { Mode = (UnixFileMode)0x1E8, DataStream = new MemoryStream([1, 2, 3]) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "out/hard") { LinkName = "out/app" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "out/link") { LinkName = "/etc/passwd" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "out/sub") { Mode = (UnixFileMode)0x16D });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "out/sub/n") { Mode = (UnixFileMode)0x1A4, DataStream = new MemoryStream([4]) });
        }

        stream.Position = 0;
        var target = Path.Combine(dir.Path, "copy");
        await ArchiveExtractor.ExtractAsync(stream, target, single: false, CancellationToken.None);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(target, "app")));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(target, "hard")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(target, "link")).LinkTarget); // recreated, never followed
        Assert.Equal((UnixFileMode)0x1E8, File.GetUnixFileMode(Path.Combine(target, "app")));
        Assert.Equal((UnixFileMode)0x16D, File.GetUnixFileMode(Path.Combine(target, "sub")));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(target));
        Assert.Equal([4], await File.ReadAllBytesAsync(Path.Combine(target, "sub", "n")));
    }

    [Fact]
    public async Task EntriesBelowASymlinkOrOutsideAreRefused()
    {
        using var dir = new TempDir();
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(outside);
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "."));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "escape") { LinkName = outside });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "escape/pwned") { DataStream = new MemoryStream([1]) });
        }

        stream.Position = 0;
        await Assert.ThrowsAsync<EngineException>(() => ArchiveExtractor.ExtractAsync(stream, Path.Combine(dir.Path, "copy"), single: false, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));

        var dotdot = new MemoryStream();
        using (var writer = new TarWriter(dotdot, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "."));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "../x") { DataStream = new MemoryStream([1]) });
        }

        dotdot.Position = 0;
        await Assert.ThrowsAsync<EngineException>(() => ArchiveExtractor.ExtractAsync(dotdot, Path.Combine(dir.Path, "copy2"), single: false, CancellationToken.None));
    }

    [Fact]
    public async Task SingleSourceMustBeARegularFile()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Path);
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "app") { LinkName = "/etc/shadow" });
        }

        stream.Position = 0;
        var e = await Assert.ThrowsAsync<EngineException>(() => ArchiveExtractor.ExtractAsync(stream, Path.Combine(dir.Path, "f"), single: true, CancellationToken.None));
        Assert.Contains("must be a regular file", e.Message);
    }
}
