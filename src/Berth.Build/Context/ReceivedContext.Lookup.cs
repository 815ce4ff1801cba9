namespace Berth.Build.Context;

internal sealed partial class ReceivedContext
{
    private const int MaxSymlinkHops = 255;

    /// <summary>
    /// Resolves a context-relative path with the context as "/" (Docker's FollowSymlinkInScope):
    /// symlinks in the middle are always followed, the last one only when <paramref name="followFinal"/>.
    /// Returns null when nothing is there.
    /// </summary>
    public ContextEntry? Resolve(string path, bool followFinal = true)
    {
        var pending = new Queue<string>(Split(path));
        var current = new List<string>();
        var hops = 0;
        while (pending.TryDequeue(out var part))
        {
            if (part == "..")
            {
                if (current.Count > 0)
                {
                    current.RemoveAt(current.Count - 1);
                }

                continue;
            }

            current.Add(part);
            var joined = string.Join('/', current);
            if (!_entries.TryGetValue(joined, out var entry))
            {
                return null;
            }

            if (entry.Kind != ContextEntryKind.Symlink || (pending.Count == 0 && !followFinal))
            {
                continue;
            }

            if (++hops > MaxSymlinkHops)
            {
                return null;
            }

            current.RemoveAt(current.Count - 1);
            if (entry.LinkTarget.StartsWith('/'))
            {
                current.Clear();
            }

            pending = new Queue<string>(Split(entry.LinkTarget).Concat(pending));
        }

        return _entries.GetValueOrDefault(current.Count == 0 ? "." : string.Join('/', current));
    }

    /// <summary>True when .dockerignore hides the path from COPY/ADD. A directory matched by a pattern
    /// stays visible when an exception ("!dir/keep") re-includes something below it.</summary>
    public bool IsExcluded(string path)
    {
        if (path == "." || !Filter.IsExcluded(path))
        {
            return false;
        }

        return !(Filter.HasExceptions && _entries.GetValueOrDefault(path) is { Kind: ContextEntryKind.Directory }
            && _entries.Keys.Any(k => k.StartsWith(path + "/", StringComparison.Ordinal) && !Filter.IsExcluded(k)));
    }

    /// <summary>Reads a small file of the context (Dockerfile, .dockerignore), or null when absent.</summary>
    public string? ReadText(string path)
    {
        var entry = Resolve(PathClean.Clean("/" + path)[1..]);
        return entry is { Kind: ContextEntryKind.File } ? File.ReadAllText(entry.HostPath) : null;
    }

    private static IEnumerable<string> Split(string path) =>
        path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
