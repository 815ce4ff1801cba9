namespace Berth.Runtime.Filesystem;

/// <summary>Go's path helpers with Docker's archive rules for container paths (always "/"-separated).</summary>
internal static class ContainerPath
{
    /// <summary>Docker's absPath: the path taken as absolute, cleaned, keeping a trailing "/" or "/.".</summary>
    public static string Absolute(string path)
    {
        string cleaned = Clean("/" + path);
        if (Base(cleaned) != "." && Base(path) == ".")
        {
            cleaned += cleaned.EndsWith('/') ? "." : "/.";
        }
        if (!cleaned.EndsWith('/') && path.EndsWith('/'))
        {
            cleaned += "/";
        }
        return cleaned;
    }

    /// <summary>Go's path.Clean for an absolute path.</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>Go's filepath.Split: everything up to and including the last "/", and the rest.</summary>
    public static (string Dir, string File) Split(string path)
    {
        int slash = path.LastIndexOf('/');
        return (path[..(slash + 1)], path[(slash + 1)..]);
    }

    /// <summary>Go's filepath.Base: the last element, trailing slashes ignored; "/" for the root.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        string trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return "/";
        }
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    /// <summary>Components of a path, ignoring empty ones.</summary>
    public static string[] Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
