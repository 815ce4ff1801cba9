using System.Formats.Tar;
using System.Text;
using Berth.Core.Errors;
using Berth.Linux.Files;

namespace Berth.Storage.Snapshots;

internal sealed partial class LayerUnpacker
{
    /// <summary>mkdir -p for an entry's parent, refusing to pass through anything but real directories.</summary>
    private void EnsureParentDirectories(string entryName, string parent)
    {
        if (_verifiedDirectories.Contains(parent))
        {
            return;
        }

        var current = string.Empty;
        foreach (var part in parent.Split('/'))
        {
            current = LayerPath.Combine(current, part);
            if (_verifiedDirectories.Contains(current))
            {
                continue;
            }

            var path = FullPath(current);
            if (FileStatus.TryLstat(path, out var stat))
            {
                RequireDirectory(entryName, current, stat);
            }
            else
            {
                Directory.CreateDirectory(path);
                File.SetUnixFileMode(path, ImplicitDirectoryMode);
            }

            _verifiedDirectories.Add(current);
        }
    }

    /// <summary>Like <see cref="EnsureParentDirectories"/> but creates nothing (hardlink targets).</summary>
    private void CheckExistingParents(string entryName, string parent)
    {
        var current = string.Empty;
        foreach (var part in parent.Length == 0 ? [] : parent.Split('/'))
        {
            current = LayerPath.Combine(current, part);
            if (!FileStatus.TryLstat(FullPath(current), out var stat))
            {
                throw EngineException.InvalidArgument($"invalid tar entry {entryName}: {current} does not exist in the layer");
            }

            RequireDirectory(entryName, current, stat);
        }
    }

    private static void RequireDirectory(string entryName, string relative, in FileStat stat)
    {
        if (stat.IsSymlink)
        {
            throw EngineException.InvalidArgument($"invalid tar entry {entryName}: refusing to write through symlink {relative}");
        }

        if (!stat.IsDirectory)
        {
            throw EngineException.InvalidArgument($"invalid tar entry {entryName}: {relative} is not a directory");
        }
    }

    /// <summary>
    /// Docker's rule: an entry replaces whatever is at its path, except that a directory entry merges
    /// into an existing directory. Returns true when an existing directory was kept.
    /// </summary>
    private bool RemoveExisting(string path, bool keepDirectory)
    {
        if (!FileStatus.TryLstat(path, out var stat))
        {
            return false;
        }

        if (stat.IsDirectory)
        {
            if (keepDirectory)
            {
                return true;
            }

            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }

        // Whatever we verified below the removed path is gone.
        _verifiedDirectories.Clear();
        _verifiedDirectories.Add(string.Empty);
        return false;
    }

    private static void ApplyMetadata(TarEntry entry, string path, bool setMode)
    {
        FileNodes.Lchown(path, entry.Uid, entry.Gid);
        if (setMode)
        {
            // Only directories and fifos we just created get here, never a symlink, so following is safe.
            File.SetUnixFileMode(path, (UnixFileMode)((uint)entry.Mode & 0xFFF));
        }

        ApplyXattrs(entry, path);
        if (entry.EntryType != TarEntryType.Directory)
        {
            FileNodes.SetTimes(path, Timespec.From(entry.ModificationTime), Timespec.From(entry.ModificationTime));
        }
    }

    private static void ApplyXattrs(TarEntry entry, string path)
    {
        if (entry is not PaxTarEntry pax)
        {
            return;
        }

        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            if (!key.StartsWith(Whiteouts.PaxXattrPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[Whiteouts.PaxXattrPrefix.Length..];
            // .NET decodes PAX values as UTF-8; a binary value (U+FFFD after decoding) cannot be
            // restored faithfully, so it is skipped rather than written corrupted.
            if (name.StartsWith(Whiteouts.OverlayXattrPrefix, StringComparison.Ordinal) || value.Contains('\uFFFD'))
            {
                continue;
            }

            // ENOTSUP/EPERM are tolerated as Docker does (e.g. user.* xattrs on symlinks).
            Xattrs.TrySetNoFollow(path, name, Encoding.UTF8.GetBytes(value));
        }
    }
}
