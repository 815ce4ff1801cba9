using System.Formats.Tar;
using System.Text;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>Writes tars entry by entry, including entries no honest client writes.</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;

    public TarBuilder() => _writer = new TarWriter(_buffer, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder Dir(string name, int mode = 0x1ED) => Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode });

    public TarBuilder File(string name, string content, int mode = 0x1A4, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)mode, Uid = uid, Gid = gid, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });

    public TarBuilder Symlink(string name, string target) => Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    public TarBuilder Hardlink(string name, string target) => Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public TarBuilder Add(TarEntry entry)
    {
        entry.ModificationTime = new DateTimeOffset(2021, 2, 3, 4, 5, 6, TimeSpan.Zero);
        _writer.WriteEntry(entry);
        return this;
    }

    public MemoryStream Build()
    {
        _writer.Dispose();
        return new MemoryStream(_buffer.ToArray());
    }
}
