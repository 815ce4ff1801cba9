using System.Security.Cryptography;
using System.Text;
using Berth.Core.Errors;

namespace Berth.Build.Context;

/// <summary>
/// Finds what COPY/ADD sources name in the context (globs, .dockerignore, symlinks resolved inside
/// the context) with the legacy builder's errors, and hashes what would be copied for the cache.
/// </summary>
internal static class CopySources
{
    public static IReadOnlyList<CopySourceMatch> Match(ReceivedContext context, IReadOnlyList<string> sources, string command)
    {
        var matches = new List<CopySourceMatch>();
        foreach (var source in sources)
        {
            var relative = PathClean.Clean(source.Replace('\\', '/'));
            if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal))
            {
                throw EngineException.InvalidArgument($"{command} failed: forbidden path outside the build context: {source} ()");
            }

            var path = PathClean.Clean("/" + relative) is "/" ? "." : PathClean.Clean("/" + relative)[1..];
            if (GlobPattern.HasMeta(path))
            {
                var regex = GlobPattern.Compile(path);
                var found = context.Entries
                    .Where(e => e.Path != "." && regex.IsMatch(e.Path) && !context.IsExcluded(e.Path))
                    .OrderBy(e => e.Path, StringComparer.Ordinal)
                    .Select(e => new CopySourceMatch(e.Path, e.Kind == ContextEntryKind.Symlink ? context.Resolve(e.Path) ?? e : e))
                    .Where(m => m.Entry.Kind != ContextEntryKind.Symlink)
                    .ToList();
                matches.AddRange(found);
                continue;
            }

            var entry = context.IsExcluded(path) ? null : context.Resolve(path);
            if (entry is null or { Kind: ContextEntryKind.Symlink })
            {
                throw EngineException.InvalidArgument(
                    $"{command} failed: file not found in build context or excluded by .dockerignore: stat {relative}: file does not exist");
            }

            matches.Add(new CopySourceMatch(path, entry));
        }

        if (matches.Count == 0)
        {
            throw EngineException.InvalidArgument($"{command} failed: no source files were specified");
        }

        return matches;
    }

    /// <summary>Every entry a match copies (a directory's contents, minus excluded paths), with the
    /// path relative to the match, in walk order.</summary>
    public static IEnumerable<(string Relative, ContextEntry Entry)> Walk(ReceivedContext context, ContextEntry directory)
    {
        var stack = new Stack<(string Relative, ContextEntry Entry)>();
        foreach (var child in context.Children(directory.Path).Reverse())
        {
            stack.Push((child.Name, child));
        }

        while (stack.TryPop(out var item))
        {
            if (context.IsExcluded(item.Entry.Path))
            {
                continue;
            }

            yield return item;
            if (item.Entry.Kind == ContextEntryKind.Directory)
            {
                foreach (var child in context.Children(item.Entry.Path).Reverse())
                {
                    stack.Push((item.Relative + "/" + child.Name, child));
                }
            }
        }
    }

    /// <summary>Content hash of the matched sources: relative path, type, mode, link target and file
    /// bytes (not times, so a touched but unchanged file still hits the cache).</summary>
    public static string Hash(ReceivedContext context, IReadOnlyList<CopySourceMatch> matches)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var match in matches)
        {
            Add(hash, match.Path, match.Entry);
            if (match.Entry.Kind == ContextEntryKind.Directory)
            {
                foreach (var (relative, entry) in Walk(context, match.Entry))
                {
                    Add(hash, match.Path + "/" + relative, entry);
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Add(IncrementalHash hash, string path, ContextEntry entry)
    {
        hash.AppendData(Encoding.UTF8.GetBytes($"{path}\0{entry.Kind}\0{entry.Mode}\0{entry.LinkTarget}\0"));
        if (entry.Kind == ContextEntryKind.File)
        {
            using var file = File.OpenRead(entry.HostPath);
            hash.AppendData(SHA256.HashData(file));
        }
    }
}
