using Berth.Core.Containers;
using Berth.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// Docker's overlay changes (archive.OverlayChanges): walks the upper dir in name order; a 0/0 char
/// device is a deletion, so is an opaque directory that hides a lower one; anything else is a
/// modification when the path exists in a lower layer (a directory whose size, mode and mtime equal
/// the lower one is skipped) and an addition otherwise; the parent of an addition or deletion is
/// reported as modified once, before it. Docker keeps its mount points (/dev, /proc, /sys, /etc/hosts,
/// ...) in an init layer below the container's; here runc creates them in the upper dir, so they are
/// left out to give the same answer.
/// </summary>
internal sealed class ChangeScanner(string upperDir, IReadOnlyList<string> lowerDirsTopFirst)
{
    private const string OpaqueXattr = "trusted.overlay.opaque";
    private static readonly HashSet<string> InitDirectories = new(StringComparer.Ordinal) { "/dev", "/proc", "/sys" };
    private static readonly HashSet<string> InitFiles = new(StringComparer.Ordinal) { "/.dockerenv", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf" };

    private readonly List<FilesystemChange> _changes = [];
    private readonly HashSet<string> _changedDirs = new(StringComparer.Ordinal);
    private readonly List<RootDirectory> _lowers = [];

    public IReadOnlyList<FilesystemChange> Scan(CancellationToken cancellationToken)
    {
        try
        {
            foreach (string lower in lowerDirsTopFirst)
            {
                _lowers.Add(new RootDirectory(lower));
            }
            using SafeFileHandle upper = FileHandles.Open(upperDir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
            Walk(upper, "/", cancellationToken);
            return _changes;
        }
        finally
        {
            foreach (RootDirectory lower in _lowers)
            {
                lower.Dispose();
            }
        }
    }

    private void Walk(SafeFileHandle dir, string dirPath, CancellationToken cancellationToken)
    {
        foreach (string name in SortedNames(dir))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = dirPath == "/" ? "/" + name : dirPath + "/" + name;
            if (!FileStatus.TryStatAt(dir, name, follow: false, out FileStat stat) || IsInitEntry(path, stat))
            {
                continue;
            }
            if (!stat.IsDirectory)
            {
                Record(path, stat, opaque: false, onlyInitEntries: false);
                continue;
            }
            using SafeFileHandle? child = FileHandles.TryOpenAt(dir, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW, 0, out _);
            if (child is null)
            {
                continue;
            }
            bool opaque = Xattrs.Get(child, OpaqueXattr) is [(byte)'y'];
            Record(path, stat, opaque, OnlyInitEntries(child, path));
            Walk(child, path, cancellationToken);
        }
    }

    private void Record(string path, in FileStat stat, bool opaque, bool onlyInitEntries)
    {
        FilesystemChangeKind kind;
        FileStat? lower = FindInLowers(path);
        if (stat.IsWhiteout || (opaque && lower is not null))
        {
            kind = FilesystemChangeKind.Deleted;
        }
        else if (lower is { } l)
        {
            if (stat.IsDirectory && l.IsDirectory && (onlyInitEntries || SameDirectory(stat, l)))
            {
                return;
            }
            kind = FilesystemChangeKind.Modified;
        }
        else
        {
            kind = FilesystemChangeKind.Added;
        }

        if (stat.IsDirectory)
        {
            _changedDirs.Add(path);
        }
        if (kind != FilesystemChangeKind.Modified)
        {
            string parent = path[..path.LastIndexOf('/')];
            if (parent.Length > 0 && _changedDirs.Add(parent))
            {
                _changes.Add(new FilesystemChange(parent, FilesystemChangeKind.Modified));
            }
        }
        _changes.Add(new FilesystemChange(path, kind));
    }

    /// <summary>The path's stat in the top-most lower layer that has it (following symlinks inside that
    /// layer, as Docker's os.Stat); null when none has it or a lower layer whited it out first.</summary>
    private FileStat? FindInLowers(string path)
    {
        foreach (RootDirectory lower in _lowers)
        {
            using SafeFileHandle? fd = lower.TryOpen(path, OpenFlags.O_PATH, out _);
            if (fd is null)
            {
                continue;
            }
            FileStat stat = FileStatus.Stat(fd);
            return stat.IsWhiteout ? null : stat;
        }
        return null;
    }

    // Docker's sameFsTime: equal, or equal seconds when one side has no sub-second part.
    private static bool SameDirectory(in FileStat a, in FileStat b) =>
        a.Size == b.Size && GoFileMode.Of(a) == GoFileMode.Of(b) && a.MtimeSec == b.MtimeSec &&
        (a.MtimeNsec == b.MtimeNsec || a.MtimeNsec == 0 || b.MtimeNsec == 0);

    private static bool IsInitEntry(string path, in FileStat stat) =>
        (stat.IsDirectory && InitDirectories.Contains(path)) ||
        (stat.IsRegular && stat.Size == 0 && InitFiles.Contains(path)) ||
        (stat.IsSymlink && path == "/etc/mtab");

    /// <summary>True when the directory's only upper entries are mount points runc made (so it changed for no user-visible reason).</summary>
    private static bool OnlyInitEntries(SafeFileHandle dir, string path)
    {
        string[] names = SortedNames(dir);
        if (names.Length == 0)
        {
            return false;
        }
        foreach (string name in names)
        {
            string child = path == "/" ? "/" + name : path + "/" + name;
            if (!FileStatus.TryStatAt(dir, name, follow: false, out FileStat stat) || !IsInitEntry(child, stat))
            {
                return false;
            }
        }
        return true;
    }

    private static string[] SortedNames(SafeFileHandle dir)
    {
        string[] names = Directory.EnumerateFileSystemEntries(FileHandles.ProcPath(dir)).Select(p => Path.GetFileName(p)).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }
}
