namespace Berth.Oci;

/// <summary>
/// A normalised image reference, parsed with Docker's rules (distribution/reference
/// ParseNormalizedNamed): "busybox" is docker.io/library/busybox, a first component with a "." or
/// ":" or equal to "localhost" is a registry domain, repositories are lowercase only. Parse errors
/// are <see cref="FormatException"/> whose message is Docker's ("invalid reference format", ...),
/// ready to be shown to the user.
/// </summary>
public sealed class ImageReference : IEquatable<ImageReference>
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    private const string LegacyDefaultDomain = "index.docker.io";
    private const string OfficialRepoPrefix = "library/";

    private ImageReference(string domain, string path, string? tag, string? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host (and port), e.g. "docker.io" or "localhost:5000". Empty only in
    /// Docker's odd case of a first component that looks like a host but is not a valid one ("a_b.c/d").</summary>
    public string Domain { get; }

    /// <summary>Repository path inside the registry, e.g. "library/busybox".</summary>
    public string Path { get; }

    /// <summary>Tag, or null when the reference only has a digest (or was parsed without defaulting).</summary>
    public string? Tag { get; }

    /// <summary>"sha256:..." when the reference is pinned to a digest.</summary>
    public string? Digest { get; }

    /// <summary>Fully qualified repository, e.g. "docker.io/library/busybox".</summary>
    public string Name => Domain.Length == 0 ? Path : Domain + "/" + Path;

    /// <summary>Repository as Docker shows it, e.g. "busybox", "user/app", "localhost:5000/a/b".</summary>
    public string FamiliarRepository
    {
        get
        {
            if (Domain != DefaultDomain)
            {
                return Name;
            }

            // "library/a/b" keeps its prefix: only single-component official names are shortened.
            return Path.StartsWith(OfficialRepoPrefix, StringComparison.Ordinal) && Path.IndexOf('/', OfficialRepoPrefix.Length) < 0
                ? Path[OfficialRepoPrefix.Length..]
                : Path;
        }
    }

    /// <summary>What Docker prints: "busybox:latest", "x@sha256:...", "localhost:5000/a/b:1".</summary>
    public string FamiliarName => Decorate(FamiliarRepository);

    /// <summary>Parses and normalises; adds the tag "latest" when neither tag nor digest is given.</summary>
    public static ImageReference Parse(string reference)
    {
        var parsed = ParseNormalized(reference);
        return parsed.Tag is null && parsed.Digest is null ? parsed.WithTag(DefaultTag) : parsed;
    }

    public static bool TryParse(string reference, out ImageReference? result)
    {
        try
        {
            result = Parse(reference);
            return true;
        }
        catch (FormatException)
        {
            result = null;
            return false;
        }
    }

    /// <summary>Parses and normalises without adding a default tag (for "repository" arguments).</summary>
    public static ImageReference ParseNormalized(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (ReferenceGrammar.Identifier().IsMatch(reference))
        {
            throw new FormatException($"invalid repository name ({reference}), cannot specify 64-byte hexadecimal strings");
        }

        var (domain, remainder) = SplitDockerDomain(reference);
        var tagSeparator = remainder.IndexOf(':');
        var remote = tagSeparator >= 0 ? remainder[..tagSeparator] : remainder;
        if (!string.Equals(remote.ToLowerInvariant(), remote, StringComparison.Ordinal))
        {
            throw new FormatException($"invalid reference format: repository name ({remote}) must be lowercase");
        }

        return ParseCanonical(domain + "/" + remainder);
    }

    /// <summary>True for a tag Docker accepts: [\w][\w.-]{0,127}.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && ReferenceGrammar.Tag().IsMatch(tag);

    public ImageReference WithTag(string tag)
    {
        if (!IsValidTag(tag))
        {
            throw new FormatException("invalid reference format");
        }

        return new ImageReference(Domain, Path, tag, Digest);
    }

    public ImageReference WithDigest(string digest) => new(Domain, Path, Tag, Oci.Digest.Parse(digest).ToString());

    /// <summary>The repository alone (no tag, no digest).</summary>
    public ImageReference WithoutTagOrDigest() => new(Domain, Path, null, null);

    /// <summary>Fully qualified form, e.g. "docker.io/library/busybox:latest".</summary>
    public override string ToString() => Decorate(Name);

    public bool Equals(ImageReference? other) => other is not null && ToString() == other.ToString();

    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private string Decorate(string repository)
    {
        var result = repository;
        if (Tag is not null)
        {
            result += ":" + Tag;
        }

        if (Digest is not null)
        {
            result += "@" + Digest;
        }

        return result;
    }

    private static ImageReference ParseCanonical(string value)
    {
        var match = ReferenceGrammar.Reference().Match(value);
        if (!match.Success)
        {
            if (value.Length == 0)
            {
                throw new FormatException("invalid reference format: repository name must have at least one component");
            }

            if (ReferenceGrammar.Reference().IsMatch(value.ToLowerInvariant()))
            {
                throw new FormatException("invalid reference format: repository name must be lowercase");
            }

            throw new FormatException("invalid reference format");
        }

        var domain = match.Groups[1].Value;
        var path = match.Groups[2].Value;
        var nameLength = domain.Length == 0 ? path.Length : domain.Length + 1 + path.Length;
        if (nameLength > ReferenceGrammar.NameTotalLengthMax)
        {
            throw new FormatException($"invalid reference format: repository name must not be more than {ReferenceGrammar.NameTotalLengthMax} characters");
        }

        var tag = match.Groups[3].Success ? match.Groups[3].Value : null;
        string? digest = null;
        if (match.Groups[4].Success)
        {
            digest = Oci.Digest.Parse(match.Groups[4].Value).ToString();
        }

        return new ImageReference(domain, path, tag, digest);
    }

    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0)
        {
            return (DefaultDomain, OfficialRepoPrefix + name);
        }

        var maybeDomain = name[..slash];
        var maybeRemainder = name[(slash + 1)..];
        string domain;
        string remainder;
        if (maybeDomain == "localhost" || maybeDomain.AsSpan().IndexOfAny('.', ':') >= 0
            || !string.Equals(maybeDomain.ToLowerInvariant(), maybeDomain, StringComparison.Ordinal))
        {
            (domain, remainder) = (maybeDomain, maybeRemainder);
        }
        else
        {
            (domain, remainder) = (DefaultDomain, name);
        }

        // "index.docker.io" is the legacy name of Docker Hub.
        if (domain == LegacyDefaultDomain)
        {
            domain = DefaultDomain;
        }

        if (domain == DefaultDomain && !remainder.Contains('/'))
        {
            remainder = OfficialRepoPrefix + remainder;
        }

        return (domain, remainder);
    }
}
