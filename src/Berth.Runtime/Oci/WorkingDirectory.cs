using Berth.Core.Errors;

namespace Berth.Runtime.Oci;

/// <summary>
/// Docker's SetupWorkingDirectory: the working directory is resolved with the rootfs as "/"
/// (symlinks, absolute or relative, and ".." never leave it, like moby's GetResourcePath), and the
/// missing part is created with mode 0755, owned by root as moby's MkdirAllAndChownNew(root
/// identity) does (the daemon runs as root, so new directories already are).
/// </summary>
internal static class WorkingDirectory
{
    private const int MaxSymlinks = 255;

    public static void Ensure(string rootfs, string workingDir)
    {
        string host = Resolve(rootfs, workingDir);
        if (File.Exists(host))
        {
            throw EngineException.InvalidArgument($"Cannot mkdir: {workingDir} is not a directory");
        }
        var missing = new Stack<string>();
        for (string? dir = host; dir is not null && dir.Length > rootfs.Length && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing.Push(dir);
        }
        const UnixFileMode mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        while (missing.TryPop(out string? dir))
        {
            Directory.CreateDirectory(dir, mode0755);
        }
    }

    /// <summary>The host path of <paramref name="path"/> inside <paramref name="rootfs"/> with every
    /// existing symlink followed within the rootfs; components that do not exist are kept as named.</summary>
    public static string Resolve(string rootfs, string path)
    {
        var parts = new List<string>();
        var pending = new Queue<string>(Split(path));
        int links = 0;
        while (pending.TryDequeue(out string? part))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            string candidate = Path.Combine(rootfs, Path.Combine([.. parts, part]));
            if (new FileInfo(candidate).LinkTarget is { } linkTarget)
            {
                if (++links > MaxSymlinks)
                {
                    throw EngineException.InvalidArgument($"too many links in {path}");
                }
                if (linkTarget.StartsWith('/'))
                {
                    parts.Clear();
                }
                var rest = pending.ToList();
                pending = new Queue<string>(Split(linkTarget).Concat(rest));
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? rootfs : Path.Combine(rootfs, Path.Combine([.. parts]));
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
