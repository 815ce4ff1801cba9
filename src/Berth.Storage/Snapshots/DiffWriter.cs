using System.Formats.Tar;
using System.Text;
using Berth.Linux.Files;

namespace Berth.Storage.Snapshots;

/// <summary>
/// Writes an overlay upper directory as a layer tar in Docker whiteout form: a 0/0 character device
/// becomes an empty ".wh.name" file, an opaque directory is followed by ".wh..wh..opq". Entries are
/// visited in ordinal name order and only file metadata (never the clock) goes into headers, so
/// the same tree always gives the same bytes and thus the same diff ID. Sockets are skipped, as
/// Docker does; trusted.overlay.* attributes are never exported. The mount is expected to run
/// without redirect_dir/metacopy (the default here), so every changed file is whole in the upper dir.
/// </summary>
internal sealed class DiffWriter(string upperDir)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Docker's empty layer: a tar of nothing but its end-of-archive blocks
    /// (diff ID sha256:5f70bf18...). TarWriter writes no end blocks when it wrote no entry.</summary>
    private static readonly byte[] EmptyArchive = new byte[1024];

    private readonly Dictionary<(uint Major, uint Minor, ulong Inode), string> _linkTargets = [];
    private bool _wroteEntry;

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var root = Path.GetFullPath(upperDir);
        if (!FileStatus.TryLstat(root, out var rootStat) || !rootStat.IsDirectory)
        {
            throw new DirectoryNotFoundException($"upper directory {root} does not exist");
        }

        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await WriteChildrenAsync(writer, root, string.Empty, cancellationToken).ConfigureAwait(false);
        }

        if (!_wroteEntry)
        {
            await output.WriteAsync(EmptyArchive, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task EmitAsync(TarWriter writer, TarEntry entry, CancellationToken cancellationToken)
    {
        _wroteEntry = true;
        return writer.WriteEntryAsync(entry, cancellationToken);
    }

    private async Task WriteChildrenAsync(TarWriter writer, string directory, string relative, CancellationToken cancellationToken)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(directory, name!);
            var entryName = LayerPath.Combine(relative, name!);
            await WriteEntryAsync(writer, path, entryName, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteEntryAsync(TarWriter writer, string path, string name, CancellationToken cancellationToken)
    {
        if (!FileStatus.TryLstat(path, out var stat))
        {
            return; // removed while we walked
        }

        if (stat.IsWhiteout)
        {
            var whiteout = LayerPath.Combine(LayerPath.Parent(name), Whiteouts.Prefix + LayerPath.Name(name));
            await EmitAsync(writer, Entry(TarEntryType.RegularFile, whiteout, stat, path, withXattrs: false), cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (stat.FileType)
        {
            case FileStat.S_IFDIR:
                await EmitAsync(writer, Entry(TarEntryType.Directory, name + "/", stat, path, withXattrs: true), cancellationToken).ConfigureAwait(false);
                if (IsOpaque(path))
                {
                    var marker = Entry(TarEntryType.RegularFile, name + "/" + Whiteouts.OpaqueMarker, stat, path, withXattrs: false);
                    marker.Mode = (UnixFileMode)(stat.Permissions & 0x1FF);
                    await EmitAsync(writer, marker, cancellationToken).ConfigureAwait(false);
                }

                await WriteChildrenAsync(writer, path, name, cancellationToken).ConfigureAwait(false);
                break;

            case FileStat.S_IFREG:
                await WriteFileAsync(writer, path, name, stat, cancellationToken).ConfigureAwait(false);
                break;

            case FileStat.S_IFLNK:
                var link = Entry(TarEntryType.SymbolicLink, name, stat, path, withXattrs: true);
                link.LinkName = new FileInfo(path).LinkTarget ?? string.Empty;
                await EmitAsync(writer, link, cancellationToken).ConfigureAwait(false);
                break;

            case FileStat.S_IFIFO:
                await EmitAsync(writer, Entry(TarEntryType.Fifo, name, stat, path, withXattrs: true), cancellationToken).ConfigureAwait(false);
                break;

            case FileStat.S_IFCHR or FileStat.S_IFBLK:
                var device = Entry(stat.FileType == FileStat.S_IFCHR ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice, name, stat, path, withXattrs: true);
                device.DeviceMajor = (int)stat.RdevMajor;
                device.DeviceMinor = (int)stat.RdevMinor;
                await EmitAsync(writer, device, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task WriteFileAsync(TarWriter writer, string path, string name, FileStat stat, CancellationToken cancellationToken)
    {
        var key = (stat.DevMajor, stat.DevMinor, stat.Ino);
        if (stat.Nlink > 1)
        {
            if (_linkTargets.TryGetValue(key, out var first))
            {
                var hardLink = Entry(TarEntryType.HardLink, name, stat, path, withXattrs: false);
                hardLink.LinkName = first;
                await EmitAsync(writer, hardLink, cancellationToken).ConfigureAwait(false);
                return;
            }

            _linkTargets[key] = name;
        }

        var entry = Entry(TarEntryType.RegularFile, name, stat, path, withXattrs: true);
        var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        await using (data.ConfigureAwait(false))
        {
            entry.DataStream = data;
            await EmitAsync(writer, entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, in FileStat stat, string path, bool withXattrs)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (withXattrs)
        {
            foreach (var xattr in Xattrs.ListNoFollow(path).Order(StringComparer.Ordinal))
            {
                if (xattr.StartsWith(Whiteouts.OverlayXattrPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var value = Xattrs.GetNoFollow(path, xattr);
                if (value is null)
                {
                    continue;
                }

                try
                {
                    attributes[Whiteouts.PaxXattrPrefix + xattr] = StrictUtf8.GetString(value);
                }
                catch (DecoderFallbackException)
                {
                    // System.Formats.Tar only carries PAX values as strings; a binary value
                    // (e.g. security.capability) would be corrupted, so it is left out.
                }
            }
        }

        return new PaxTarEntry(type, name, attributes)
        {
            Uid = (int)stat.Uid,
            Gid = (int)stat.Gid,
            Mode = (UnixFileMode)(type == TarEntryType.RegularFile && stat.IsWhiteout ? stat.Permissions & 0x1FF : stat.Permissions),
            ModificationTime = stat.ModificationTime,
        };
    }

    private static bool IsOpaque(string directory) =>
        Xattrs.GetNoFollow(directory, Whiteouts.OverlayOpaqueXattr) is [(byte)'y'];
}
