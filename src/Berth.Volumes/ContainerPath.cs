namespace Berth.Volumes;

/// <summary>Go's path.Clean and path.IsAbs for slash-separated container paths.</summary>
internal static class ContainerPath
{
    public static bool IsAbsolute(string p) => p.StartsWith('/');

    public static string Clean(string p)
    {
        if (p.Length == 0)
        {
            return ".";
        }
        bool rooted = p.StartsWith('/');
        var parts = new List<string>();
        foreach (string part in p.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
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
        string joined = string.Join('/', parts);
        return rooted ? "/" + joined : (joined.Length == 0 ? "." : joined);
    }

    public static int Depth(string p) => Clean(p).Split('/').Length;
}
