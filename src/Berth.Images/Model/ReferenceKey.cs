using Berth.Oci;

namespace Berth.Images.Model;

/// <summary>
/// References as the metadata store keeps them: Docker's familiar strings, "busybox:latest" for
/// tags and "busybox@sha256:..." for digests (a digest reference never carries a tag, as in Docker's
/// reference store).
/// </summary>
internal static class ReferenceKey
{
    public static string For(ImageReference reference) => reference.Digest is not null
        ? reference.FamiliarRepository + "@" + reference.Digest
        : reference.FamiliarRepository + ":" + (reference.Tag ?? ImageReference.DefaultTag);

    public static bool IsDigest(string key) => key.Contains('@');

    /// <summary>The familiar repository of a stored key ("busybox" for "busybox:latest").</summary>
    public static string Repository(string key)
    {
        var at = key.IndexOf('@');
        if (at >= 0)
        {
            return key[..at];
        }

        var colon = key.LastIndexOf(':');
        return colon > key.LastIndexOf('/') ? key[..colon] : key;
    }

    /// <summary>The tag of a stored tag key, null for a digest key.</summary>
    public static string? Tag(string key)
    {
        if (IsDigest(key))
        {
            return null;
        }

        var colon = key.LastIndexOf(':');
        return colon > key.LastIndexOf('/') ? key[(colon + 1)..] : null;
    }

    /// <summary>Docker's 12-character short ID, without "sha256:".</summary>
    public static string ShortId(string id)
    {
        var hex = id.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? id[Digest.Sha256Prefix.Length..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
