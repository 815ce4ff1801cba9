using System.Text;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// Go's path/filepath (Clean, Dir, Base, Abs) and docker's archive path helpers on Linux, so cp
/// decides exactly as docker does whether "dir", "dir/" and "dir/." mean the directory or its contents.
/// </summary>
internal static class CpPath
{
    public static bool IsAbs(string path) => path.StartsWith('/');

    public static bool HasTrailingSeparator(string path) => path.Length > 0 && path[^1] == '/';

    /// <summary>docker's specifiesCurrentDir: the last element is ".".</summary>
    public static bool SpecifiesCurrentDir(string path) => Base(path) == ".";

    /// <summary>docker's assertsDirectory: "x/" or "x/.".</summary>
    public static bool AssertsDirectory(string path) => HasTrailingSeparator(path) || SpecifiesCurrentDir(path);

    /// <summary>Go's filepath.Clean: lexical, "" becomes ".", no trailing slash but for "/".</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = IsAbs(path);
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>Go's filepath.Base: the last element after dropping trailing slashes.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return "/";
        }

        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>Go's filepath.Dir: everything before the last element, cleaned.</summary>
    public static string Dir(string path)
    {
        var slash = path.LastIndexOf('/');
        return Clean(slash < 0 ? "" : path[..(slash + 1)]);
    }

    public static string Join(string a, string b) =>
        a.Length == 0 ? Clean(b) : b.Length == 0 ? Clean(a) : Clean(a + "/" + b);

    public static string Abs(string path) => IsAbs(path) ? Clean(path) : Join(Directory.GetCurrentDirectory(), path);

    /// <summary>docker's SplitPathDirEntry: ("/a", "b") for "/a/b/", ("/a/b", ".") for "/a/b/.".</summary>
    public static (string Dir, string Base) SplitDirEntry(string path)
    {
        var cleaned = Clean(path);
        if (SpecifiesCurrentDir(path))
        {
            cleaned += "/.";
        }

        return (Dir(cleaned), Base(cleaned));
    }

    /// <summary>docker's PreserveTrailingDotOrSeparator: puts back the "/." or "/" that cleaning removed.</summary>
    public static string PreserveTrailingDotOrSeparator(string cleaned, string original)
    {
        var result = new StringBuilder(cleaned);
        if (!SpecifiesCurrentDir(cleaned) && SpecifiesCurrentDir(original))
        {
            if (!HasTrailingSeparator(cleaned))
            {
                result.Append('/');
            }

            result.Append('.');
        }

        if (!HasTrailingSeparator(result.ToString()) && HasTrailingSeparator(original))
        {
            result.Append('/');
        }

        return result.ToString();
    }

    /// <summary>docker's GetRebaseName: keeps "/." or "/" of the requested path on the resolved one and
    /// names the archive root after the requested path when link resolution changed its last element.</summary>
    public static (string Resolved, string RebaseName) GetRebaseName(string path, string resolved)
    {
        if (SpecifiesCurrentDir(path) && !SpecifiesCurrentDir(resolved))
        {
            resolved += "/.";
        }

        if (HasTrailingSeparator(path) && !HasTrailingSeparator(resolved))
        {
            resolved += "/";
        }

        return (resolved, Base(path) != Base(resolved) ? Base(path) : "");
    }

    /// <summary>docker's RebaseArchiveEntries for one name: "old" and "old/..." become "new" and "new/...".</summary>
    public static string Rebase(string name, string oldBase, string newBase)
    {
        if (name == oldBase)
        {
            return newBase;
        }

        return name.StartsWith(oldBase + "/", StringComparison.Ordinal) ? newBase + name[oldBase.Length..] : name;
    }

    /// <summary>docker cp's splitCpArg: "ctr:path" unless the argument is absolute or starts with ".".</summary>
    public static (string Container, string Path) SplitCpArg(string arg)
    {
        if (IsAbs(arg))
        {
            return ("", arg);
        }

        var colon = arg.IndexOf(':');
        if (colon < 0 || arg.StartsWith('.'))
        {
            return ("", arg);
        }

        return (arg[..colon], arg[(colon + 1)..]);
    }
}
