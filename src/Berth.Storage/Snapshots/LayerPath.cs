using Berth.Core.Errors;

namespace Berth.Storage.Snapshots;

/// <summary>
/// Turns a tar entry name into a path relative to the layer root, lexically, without touching the
/// file system. Like Docker, a leading "/" is dropped ("/etc/passwd" is the layer's etc/passwd) and
/// "a/../b" is "b"; unlike Docker, a ".." that climbs above the root is always an error, also after
/// an absolute prefix ("/../x"), because no honest archive contains one.
/// </summary>
internal static class LayerPath
{
    /// <summary>The cleaned relative path ("" for the root itself); InvalidArgument when it escapes.</summary>
    public static string Normalize(string entryName, string what = "entry")
    {
        if (entryName.Contains('\0'))
        {
            throw EngineException.InvalidArgument($"invalid tar {what} {entryName}: name contains a NUL byte");
        }

        var parts = new List<string>();
        foreach (var part in entryName.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw EngineException.InvalidArgument($"invalid tar {what} {entryName}: path escapes the layer root");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    public static string Parent(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    public static string Name(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];

    public static string Combine(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;
}
