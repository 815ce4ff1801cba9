using System.Formats.Tar;
using System.Text;

namespace Berth.Testing;

/// <summary>
/// Writes layer and rootfs tars entry by entry, including entries no honest tool would write
/// (../ names, absolute names, links out of the tree) to test that the daemon refuses them.
/// </summary>
// Modes are hex because C# has no octal literals: 0x1ED = 0755, 0x1A4 = 0644.
public sealed class LayerTarBuilder
{
    private readonly List<TarEntry> _entries = [];

    public LayerTarBuilder Directory(string name, UnixFileMode mode = (UnixFileMode)0x1ED) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode });

    public LayerTarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4) =>
        File(name, Encoding.UTF8.GetBytes(content), mode);

    public LayerTarBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0x1A4) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = mode, DataStream = new MemoryStream(content) });

    public LayerTarBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    public LayerTarBuilder Hardlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public LayerTarBuilder Add(TarEntry entry)
    {
        entry.ModificationTime = DateTimeOffset.UnixEpoch;
        _entries.Add(entry);
        return this;
    }

    public void WriteTo(Stream destination)
    {
        using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var entry in _entries)
        {
            entry.DataStream?.Seek(0, SeekOrigin.Begin);
            writer.WriteEntry(entry);
        }
    }

    public byte[] ToArray()
    {
        using var ms = new MemoryStream();
        WriteTo(ms);
        return ms.ToArray();
    }
}
