using Berth.Core.Errors;

namespace Berth.Images.Archive;

/// <summary>Normalises paths inside an image archive and refuses any that would leave its root.</summary>
internal static class ArchivePath
{
    /// <summary>"./a//b/" becomes "a/b"; absolute paths and ".." segments are rejected.</summary>
    public static string Normalize(string name)
    {
        if (name.StartsWith('/') || name.Contains('\\') || name.Contains('\0'))
        {
            throw Outside(name);
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                throw Outside(name);
            }

            if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>A link target, relative to the link's directory (or to the archive root when absolute), kept inside the root.</summary>
    public static string ResolveLink(string linkPath, string target)
    {
        var parts = new List<string>();
        if (!target.StartsWith('/'))
        {
            var slash = linkPath.LastIndexOf('/');
            if (slash > 0)
            {
                parts.AddRange(linkPath[..slash].Split('/'));
            }
        }

        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw Outside(target);
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static EngineException Outside(string name) =>
        EngineException.InvalidArgument($"invalid archive: path \"{name}\" is outside of the archive root");
}
