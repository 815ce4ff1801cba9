using System.Formats.Tar;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's Untar (NoLchown, NoOverwriteDirNonDir) into a local directory, hardened: names are
/// cleaned and must stay below the destination, no path component inside the destination is
/// followed if it is a symlink (so an archive cannot plant a link and write through it), symlinks
/// and hard links pointing out of the destination are refused as docker refuses them.
/// </summary>
internal sealed class CpExtractor
{
    private readonly string _dest;
    private readonly Func<string, string> _rename;
    private readonly List<(string Path, DateTimeOffset Time)> _directoryTimes = [];

    public CpExtractor(string destination, Func<string, string> rename)
    {
        _dest = CpPath.Clean(destination);
        _rename = rename;
    }

    public async Task ExtractAsync(Stream tar, CancellationToken cancellationToken)
    {
        var reader = new TarReader(tar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                await ExtractEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        // Last, as writing into a directory changes its mtime.
        foreach (var (path, time) in Enumerable.Reverse(_directoryTimes))
        {
            Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }
    }

    private async Task ExtractEntryAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var name = CpPath.Clean(_rename(entry.Name));
        var relative = CpPath.Clean(name.TrimStart('/'));
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal))
        {
            throw new IOException($"\"{entry.Name}\" is outside of \"{_dest}\"");
        }

        var path = relative == "." ? _dest : _dest + "/" + relative;
        if (relative != ".")
        {
            EnsureParents(relative);
        }

        var isDir = entry.EntryType == TarEntryType.Directory;
        var existing = CpLocalPaths.Lstat(path);
        if (existing is not null)
        {
            var existingIsDir = CpLocalPaths.IsDirectory(existing);
            if (existingIsDir && !isDir)
            {
                throw new IOException($"cannot overwrite directory \"{path}\" with non-directory \"{_dest}\"");
            }

            if (!existingIsDir && isDir)
            {
                throw new IOException($"cannot overwrite non-directory \"{path}\" with directory \"{_dest}\"");
            }

            if (existingIsDir && relative == ".")
            {
                return;
            }

            if (!existingIsDir)
            {
                File.Delete(path);
            }
        }

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (existing is null)
                {
                    Directory.CreateDirectory(path);
                }

                File.SetUnixFileMode(path, entry.Mode);
                _directoryTimes.Add((path, entry.ModificationTime));
                break;
            case TarEntryType.SymbolicLink:
                CheckInside(CpPath.Join(CpPath.Dir(path), entry.LinkName), $"invalid symlink \"{path}\" -> \"{entry.LinkName}\"");
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                var target = CpPath.Join(_dest, _rename(entry.LinkName));
                CheckInside(target, $"invalid hardlink \"{target}\" -> \"{entry.LinkName}\"");
                EnsureParents(target[(_dest.Length + 1)..]);
                CpNative.Link(target, path);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                or TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                // O_CREAT|O_EXCL underneath: never opens an existing file or a planted symlink.
                await entry.ExtractToFileAsync(path, overwrite: false, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // docker ignores other entry types (e.g. GNU sparse metadata); so does this.
                break;
        }
    }

    /// <summary>Creates missing parents of <paramref name="relative"/> (0755) and refuses any that is not a real directory.</summary>
    private void EnsureParents(string relative)
    {
        var current = _dest;
        var parts = relative.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current += "/" + parts[i];
            var info = CpLocalPaths.Lstat(current);
            if (info is null)
            {
                Directory.CreateDirectory(current, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            else if (!CpLocalPaths.IsDirectory(info))
            {
                throw new IOException($"refusing to extract \"{relative}\": \"{current}\" is not a directory (symlinks are not followed)");
            }
        }
    }

    private void CheckInside(string cleanedTarget, string message)
    {
        if (cleanedTarget != _dest && !cleanedTarget.StartsWith(_dest == "/" ? "/" : _dest + "/", StringComparison.Ordinal))
        {
            throw new IOException(message);
        }
    }
}
