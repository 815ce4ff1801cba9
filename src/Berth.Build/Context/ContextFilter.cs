namespace Berth.Build.Context;

/// <summary>
/// Decides which build-context paths .dockerignore excludes. Patterns apply in order and the last
/// matching one wins; a pattern matching a parent directory matches everything below it.
/// </summary>
public sealed class ContextFilter
{
    private readonly IgnorePattern[] _patterns;

    /// <param name="patterns">Lines as returned by <see cref="IgnoreFile.ReadAll"/>.</param>
    /// <param name="dockerfilePath">Context-relative Dockerfile path, always transferred (Docker needs it).</param>
    public ContextFilter(IEnumerable<string> patterns, string dockerfilePath = "Dockerfile")
    {
        try
        {
            _patterns = [.. patterns.Where(p => p.Trim().Length > 0).Select(p => new IgnorePattern(p))];
        }
        catch (ArgumentException e)
        {
            throw new Parsing.DockerfileException(e.Message, ".dockerignore");
        }
        DockerfilePath = Normalize(dockerfilePath);
    }

    public static ContextFilter FromIgnoreFile(string dockerignoreText, string dockerfilePath = "Dockerfile") =>
        new(IgnoreFile.ReadAll(dockerignoreText), dockerfilePath);

    public string DockerfilePath { get; }

    public bool HasExceptions => _patterns.Any(p => p.IsException);

    /// <summary>True when ADD/COPY must not see <paramref name="relativePath"/>.</summary>
    public bool IsExcluded(string relativePath)
    {
        var path = Normalize(relativePath);
        if (path == ".")
        {
            return false; // the context root itself is never excluded
        }
        var parents = ParentPrefixes(path);
        var matched = false;
        foreach (var pattern in _patterns)
        {
            // An include can only flip an unmatched path, an exception only a matched one.
            if (pattern.IsException != matched)
            {
                continue;
            }
            var match = pattern.Matches(path) || parents.Any(pattern.Matches);
            if (match)
            {
                matched = !pattern.IsException;
            }
        }
        return matched;
    }

    /// <summary>
    /// Whether the context sender should include the path: excluded files are dropped, except the
    /// Dockerfile and .dockerignore which the builder always needs (COPY still cannot see them).
    /// </summary>
    public bool ShouldTransfer(string relativePath)
    {
        var path = Normalize(relativePath);
        return path == DockerfilePath || path == ".dockerignore" || !IsExcluded(path);
    }

    /// <summary>
    /// True when a walker may skip the whole directory: it is excluded and no exception pattern
    /// could re-include anything inside it.
    /// </summary>
    public bool CanSkipDirectory(string relativeDir)
    {
        var dir = Normalize(relativeDir);
        if (!IsExcluded(dir))
        {
            return false;
        }
        var dirSegments = dir.Split('/');
        foreach (var pattern in _patterns.Where(p => p.IsException))
        {
            if (CouldMatchInside(pattern.Segments, dirSegments))
            {
                return false;
            }
        }
        if (DockerfilePath.StartsWith(dir + "/", StringComparison.Ordinal))
        {
            return false;
        }
        return true;
    }

    // Conservative: compares the pattern's leading segments with the directory's; '**' may match anything.
    private static bool CouldMatchInside(string[] pattern, string[] dir)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i].Contains("**", StringComparison.Ordinal))
            {
                return true;
            }
            if (i >= dir.Length)
            {
                return true; // the pattern continues below the directory
            }
            if (!new IgnorePattern(pattern[i]).Matches(dir[i]))
            {
                return false;
            }
        }
        // The pattern matches the directory itself or one of its parents: re-includes everything.
        return true;
    }

    private static List<string> ParentPrefixes(string path)
    {
        var result = new List<string>();
        var idx = path.IndexOf('/', StringComparison.Ordinal);
        while (idx > 0)
        {
            result.Add(path[..idx]);
            idx = path.IndexOf('/', idx + 1);
        }
        return result;
    }

    private static string Normalize(string path)
    {
        var p = PathClean.Clean(path.Replace('\\', '/'));
        return p.StartsWith('/') ? (p.Length == 1 ? "." : p[1..]) : p;
    }
}
