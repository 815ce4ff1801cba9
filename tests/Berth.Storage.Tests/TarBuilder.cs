using System.Formats.Tar;
using System.Text;

namespace Berth.Storage.Tests;

/// <summary>Builds layer tars in memory for tests (hostile ones included).</summary>
internal sealed class TarBuilder
{
    private static readonly DateTimeOffset DefaultTime = new(2023, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly List<PaxTarEntry> _entries = [];

    public TarBuilder Directory(string name, int mode = 0x1ED, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = uid, Gid = gid, ModificationTime = DefaultTime });

    public TarBuilder File(string name, string content, int mode = 0x1A4, int uid = 0, int gid = 0, DateTimeOffset? time = null, IReadOnlyDictionary<string, string>? xattrs = null)
    {
        var attributes = xattrs?.ToDictionary(x => "SCHILY.xattr." + x.Key, x => x.Value) ?? [];
        return Add(new PaxTarEntry(TarEntryType.RegularFile, name, attributes)
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = time ?? DefaultTime,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        });
    }

    public TarBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = DefaultTime });

    public TarBuilder HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = DefaultTime });

    public TarBuilder Fifo(string name) =>
        Add(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0x1A4, ModificationTime = DefaultTime });

    public TarBuilder Device(string name, TarEntryType type, int major, int minor) =>
        Add(new PaxTarEntry(type, name) { DeviceMajor = major, DeviceMinor = minor, Mode = (UnixFileMode)0x1B6, ModificationTime = DefaultTime });

    public byte[] Build()
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private TarBuilder Add(PaxTarEntry entry)
    {
        _entries.Add(entry);
        return this;
    }
}
