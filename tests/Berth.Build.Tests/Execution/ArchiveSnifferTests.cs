using System.Formats.Tar;
using System.IO.Compression;
using Berth.Build.Context;

namespace Berth.Build.Tests.Execution;

public sealed class ArchiveSnifferTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ArchiveSnifferTests() => Directory.CreateDirectory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private string Write(string name, Action<Stream> write)
    {
        var path = Path.Combine(_dir.Path, name);
        using (var file = File.Create(path))
        {
            write(file);
        }
        return path;
    }

    private static void Tar(Stream output, TarEntryFormat format)
    {
        using var writer = new TarWriter(output, format, leaveOpen: true);
        TarEntry entry = format == TarEntryFormat.V7
            ? new V7TarEntry(TarEntryType.V7RegularFile, "a.txt")
            : new PaxTarEntry(TarEntryType.RegularFile, "a.txt");
        entry.DataStream = new MemoryStream("a"u8.ToArray());
        writer.WriteEntry(entry);
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.V7)]
    public void Plain_and_gzipped_tars_are_archives(TarEntryFormat format)
    {
        Assert.True(ArchiveSniffer.IsLocalArchive(Write("plain.tar", s => Tar(s, format))));
        Assert.True(ArchiveSniffer.IsLocalArchive(Write("packed.tgz", s =>
        {
            using var gzip = new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true);
            Tar(gzip, format);
        })));
    }

    [Fact]
    public void Gzip_of_a_non_tar_and_other_files_are_not_archives()
    {
        Assert.False(ArchiveSniffer.IsLocalArchive(Write("notes.txt.gz", s =>
        {
            using var gzip = new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(new byte[600]); // long enough for a header, but zeros have no valid checksum
        })));
        Assert.False(ArchiveSniffer.IsLocalArchive(Write("short.gz", s =>
        {
            using var gzip = new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write("hi\n"u8);
        })));
        Assert.False(ArchiveSniffer.IsLocalArchive(Write("text.txt", s => s.Write(new byte[1024].Select(_ => (byte)'x').ToArray()))));
        Assert.False(ArchiveSniffer.IsLocalArchive(Write("broken.gz", s => s.Write([0x1f, 0x8b, 1, 2, 3]))));
    }
}
