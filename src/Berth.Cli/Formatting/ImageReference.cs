namespace Berth.Cli.Formatting;

/// <summary>Docker's familiar form of image names (docker.io/library/x -> x) and repo/tag splitting.</summary>
internal static class ImageReference
{
    public static string Familiar(string name)
    {
        if (name.StartsWith("docker.io/", StringComparison.Ordinal))
        {
            name = name["docker.io/".Length..];
        }
        else if (name.StartsWith("index.docker.io/", StringComparison.Ordinal))
        {
            name = name["index.docker.io/".Length..];
        }
        else
        {
            return name;
        }

        return name.StartsWith("library/", StringComparison.Ordinal) && name.IndexOf('/', "library/".Length) < 0 ? name["library/".Length..] : name;
    }

    /// <summary>Splits "repo:tag" / "repo@digest" at the last ':' after the last '/'.</summary>
    public static (string Repository, string? Tag) SplitTag(string reference)
    {
        var at = reference.IndexOf('@');
        var withoutDigest = at >= 0 ? reference[..at] : reference;
        var slash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        return colon > slash ? (withoutDigest[..colon], withoutDigest[(colon + 1)..]) : (withoutDigest, null);
    }

    /// <summary>"repo@sha256:..." -> ("repo", "sha256:...").</summary>
    public static (string Repository, string? Digest) SplitDigest(string reference)
    {
        var at = reference.IndexOf('@');
        return at >= 0 ? (reference[..at], reference[(at + 1)..]) : (reference, null);
    }
}
