namespace Berth.Cli.Commands.Containers;

/// <summary>
/// The local side of docker cp: docker's CopyInfoSourcePath, CopyInfoDestinationPath and Go's
/// filepath.EvalSymlinks. Errors read as Go's ("lstat /x: no such file or directory").
/// </summary>
internal static class CpLocalPaths
{
    private const int MaxSymlinks = 255;

    /// <summary>docker's CopyInfoSourcePath: the parent's symlinks are resolved, the last element
    /// only with <paramref name="followLink"/> (-L).</summary>
    public static CpCopyInfo Source(string path, bool followLink)
    {
        string resolved;
        var rebaseName = "";
        if (followLink)
        {
            (resolved, rebaseName) = CpPath.GetRebaseName(path, EvalSymlinks(path));
        }
        else
        {
            var slash = path.LastIndexOf('/');
            var (dir, file) = (path[..(slash + 1)], path[(slash + 1)..]);
            resolved = EvalSymlinks(dir.Length == 0 ? "." : dir) + "/" + file;
            if (CpPath.HasTrailingSeparator(path) && CpPath.Base(path) != CpPath.Base(resolved))
            {
                rebaseName = CpPath.Base(path);
            }
        }

        var info = Lstat(resolved) ?? throw NotFound("lstat", resolved);
        return new CpCopyInfo(resolved, Exists: true, IsDir: IsDirectory(info), rebaseName);
    }

    /// <summary>docker's CopyInfoDestinationPath: a final symlink is followed (up to 10 times); a
    /// missing destination is fine when its parent directory exists.</summary>
    public static CpCopyInfo Destination(string path)
    {
        var original = path;
        var info = Lstat(path);
        for (var n = 0; info is not null && info.LinkTarget is not null; n++)
        {
            if (n > 10)
            {
                throw new IOException("too many symlinks in " + original);
            }

            var target = info.LinkTarget;
            path = CpPath.IsAbs(target) ? target : CpPath.Join(CpPath.SplitDirEntry(path).Dir, target);
            info = Lstat(path);
        }

        if (info is not null)
        {
            return new CpCopyInfo(path, Exists: true, IsDir: IsDirectory(info));
        }

        var parent = CpPath.SplitDirEntry(path).Dir;
        if (!Directory.Exists(parent))
        {
            throw File.Exists(parent) ? new IOException("not a directory") : NotFound("stat", parent);
        }

        return new CpCopyInfo(path);
    }

    /// <summary>Go's filepath.EvalSymlinks: every symlink resolved, the result cleaned; the path must exist.</summary>
    public static string EvalSymlinks(string path)
    {
        var pending = new Queue<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = CpPath.IsAbs(path) ? "/" : "";
        var links = 0;
        while (pending.TryDequeue(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = resolved is "" or "." ? ".." : CpPath.Base(resolved) == ".." ? resolved + "/.." : CpPath.Dir(resolved);
                continue;
            }

            var next = resolved.Length == 0 ? part : resolved == "/" ? "/" + part : resolved + "/" + part;
            var info = Lstat(next) ?? throw NotFound("lstat", next);
            if (info.LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++links > MaxSymlinks)
            {
                throw new IOException("EvalSymlinks: too many links");
            }

            var rest = pending.ToArray();
            pending = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
            if (CpPath.IsAbs(target))
            {
                resolved = "/";
            }
        }

        return resolved.Length == 0 ? "." : CpPath.Clean(resolved);
    }

    /// <summary>lstat: null when the path does not exist.</summary>
    public static FileSystemInfo? Lstat(string path)
    {
        FileSystemInfo info = new FileInfo(path.Length > 1 ? path.TrimEnd('/') : path);
        if (info.Exists)
        {
            return info;
        }

        info = new DirectoryInfo(path);
        return info.Exists || info.LinkTarget is not null ? info : null;
    }

    /// <summary>A real directory (a symlink to one is not).</summary>
    public static bool IsDirectory(FileSystemInfo info) => info is DirectoryInfo && info.LinkTarget is null;

    private static IOException NotFound(string op, string path) => new FileNotFoundException($"{op} {path}: no such file or directory");
}
