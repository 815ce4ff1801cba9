using System.Formats.Tar;
using Berth.Core.Errors;
using Berth.Linux.Files;

namespace Berth.Storage.Snapshots;

/// <summary>
/// Unpacks one layer tar into an empty directory, converting Docker whiteouts to overlayfs form.
/// Hostile archives are the threat model: every entry name is cleaned lexically (<see cref="LayerPath"/>),
/// every parent directory is checked with lstat and must be a real directory (never a symlink, so
/// "a -> /etc" followed by "a/passwd" is refused), files are created with O_CREAT|O_EXCL after
/// removing whatever was there (so a final symlink is never followed), hardlink targets must be
/// earlier entries of this layer, and device nodes are refused. Nothing else writes into the
/// directory while we unpack, so the lstat checks cannot be raced.
/// </summary>
internal sealed partial class LayerUnpacker
{
    private static readonly UnixFileMode ImplicitDirectoryMode = (UnixFileMode)0x1ED; // 0755, as Docker uses
    private readonly string _root;
    private readonly HashSet<string> _verifiedDirectories = new(StringComparer.Ordinal) { string.Empty };
    private readonly List<(string Path, DateTimeOffset Time)> _directoryTimes = [];

    public LayerUnpacker(string root) => _root = root;

    /// <summary>Bytes of regular file content unpacked.</summary>
    public long Size { get; private set; }

    public async Task UnpackAsync(Stream tar, CancellationToken cancellationToken)
    {
        var reader = new TarReader(tar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            TarEntry? entry;
            while ((entry = await NextEntryAsync(reader, cancellationToken).ConfigureAwait(false)) is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ApplyEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        // Directory times last: creating children would have changed them again.
        for (var i = _directoryTimes.Count - 1; i >= 0; i--)
        {
            var (path, time) = _directoryTimes[i];
            FileNodes.SetTimes(path, Timespec.From(time), Timespec.From(time));
        }
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"invalid tar archive: {e.Message}", e);
        }
    }

    private async Task ApplyEntryAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        var relative = LayerPath.Normalize(entry.Name);
        if (relative.Length == 0)
        {
            ApplyRoot(entry);
            return;
        }

        // aufs bookkeeping (.wh..wh.plnk/, .wh..wh.aufs) at the root carries no files of the image.
        if (relative.StartsWith(Whiteouts.MetaPrefix, StringComparison.Ordinal) && relative != Whiteouts.OpaqueMarker)
        {
            return;
        }

        var name = LayerPath.Name(relative);
        var parent = LayerPath.Parent(relative);
        if (name.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry, parent, name);
            return;
        }

        EnsureParentDirectories(entry.Name, parent);
        var path = FullPath(relative);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (!RemoveExisting(path, keepDirectory: true))
                {
                    Directory.CreateDirectory(path);
                }

                _verifiedDirectories.Add(relative);
                ApplyMetadata(entry, path, setMode: true);
                _directoryTimes.Add((path, entry.ModificationTime));
                break;

            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                RemoveExisting(path, keepDirectory: false);
                await WriteFileAsync(entry, path, cancellationToken).ConfigureAwait(false);
                break;

            case TarEntryType.SymbolicLink:
                RemoveExisting(path, keepDirectory: false);
                // The target is stored verbatim: it is resolved inside the container, never by us.
                File.CreateSymbolicLink(path, entry.LinkName);
                ApplyMetadata(entry, path, setMode: false);
                break;

            case TarEntryType.HardLink:
                CreateHardLink(entry, path);
                break;

            case TarEntryType.Fifo:
                RemoveExisting(path, keepDirectory: false);
                FileNodes.Mknod(path, FileStat.S_IFIFO | ((uint)entry.Mode & 0xFFF), 0, 0);
                ApplyMetadata(entry, path, setMode: true);
                break;

            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                throw EngineException.InvalidArgument($"invalid tar entry {entry.Name}: device nodes are not allowed in a layer");

            default:
                throw EngineException.InvalidArgument($"invalid tar entry {entry.Name}: unhandled tar entry type {entry.EntryType}");
        }
    }

    private void ApplyRoot(TarEntry entry)
    {
        if (entry.EntryType != TarEntryType.Directory)
        {
            throw EngineException.InvalidArgument($"invalid tar entry {entry.Name}: the layer root must be a directory");
        }

        ApplyMetadata(entry, _root, setMode: true);
        _directoryTimes.Add((_root, entry.ModificationTime));
    }

    private void ApplyWhiteout(TarEntry entry, string parent, string name)
    {
        if (name == Whiteouts.OpaqueMarker)
        {
            EnsureParentDirectories(entry.Name, parent);
            var directory = parent.Length == 0 ? _root : FullPath(parent);
            Xattrs.TrySetNoFollow(directory, Whiteouts.OverlayOpaqueXattr, "y"u8);
            return;
        }

        if (name.StartsWith(Whiteouts.MetaPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var hidden = name[Whiteouts.Prefix.Length..];
        if (hidden.Length == 0 || hidden is "." or "..")
        {
            throw EngineException.InvalidArgument($"invalid tar entry {entry.Name}: malformed whiteout");
        }

        EnsureParentDirectories(entry.Name, parent);
        var path = FullPath(LayerPath.Combine(parent, hidden));
        RemoveExisting(path, keepDirectory: false);
        FileNodes.Mknod(path, FileStat.S_IFCHR, 0, 0);
        FileNodes.Lchown(path, entry.Uid, entry.Gid);
    }

    private async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        // CreateNew is O_CREAT|O_EXCL: it fails rather than follow anything already at the path.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, 128 * 1024, cancellationToken).ConfigureAwait(false);
            }

            Size += file.Length;
            // chown before chmod: chown clears setuid/setgid bits.
            FileNodes.Lchown(path, entry.Uid, entry.Gid);
            File.SetUnixFileMode(file.SafeFileHandle, (UnixFileMode)((uint)entry.Mode & 0xFFF));
        }

        ApplyXattrs(entry, path);
        FileNodes.SetTimes(path, Timespec.From(entry.ModificationTime), Timespec.From(entry.ModificationTime));
    }

    private void CreateHardLink(TarEntry entry, string path)
    {
        var target = LayerPath.Normalize(entry.LinkName, "hardlink target");
        if (target.Length == 0)
        {
            throw EngineException.InvalidArgument($"invalid hardlink {entry.Name} -> {entry.LinkName}: target is the layer root");
        }

        CheckExistingParents(entry.Name, LayerPath.Parent(target));
        var targetPath = FullPath(target);
        if (!FileStatus.TryLstat(targetPath, out var stat))
        {
            throw EngineException.InvalidArgument($"invalid hardlink {entry.Name} -> {entry.LinkName}: target is not in the layer");
        }

        if (stat.IsDirectory)
        {
            throw EngineException.InvalidArgument($"invalid hardlink {entry.Name} -> {entry.LinkName}: target is a directory");
        }

        if (targetPath == path)
        {
            return;
        }

        RemoveExisting(path, keepDirectory: false);
        FileNodes.Link(targetPath, path);
    }

    private string FullPath(string relative) => Path.Combine(_root, relative);
}
