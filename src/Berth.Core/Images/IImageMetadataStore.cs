namespace Berth.Core.Images;

/// <summary>
/// What the database knows about one image. The config JSON itself is a blob in the content store
/// under <see cref="Id"/> (image ID = digest of the config, as in Docker).
/// </summary>
public sealed record StoredImage(
    string Id,
    IReadOnlyList<string> DiffIds,
    IReadOnlyList<string> ChainIds,
    DateTimeOffset Created,
    long Size,
    string? Parent,
    IReadOnlyList<LayerBlob> LayerBlobs,
    string? ManifestDigest);

/// <summary>A compressed (or not) layer blob as it sits in the content store, kept so save/push need no recompression.</summary>
public sealed record LayerBlob(string Digest, long Size, string MediaType);

/// <summary>
/// Image and tag metadata (SQLite, berth.db). Every method is one transaction: a crash leaves the
/// database either before or after it. References are normalised by the caller
/// ("busybox:latest", "docker.io/library/..." is stored in its familiar short form as Docker shows it).
/// </summary>
public interface IImageMetadataStore
{
    StoredImage? Get(string id);
    IReadOnlyList<StoredImage> List();

    /// <summary>All tags ("repo:tag") and digests ("repo@sha256:...") pointing at images.</summary>
    IReadOnlyList<ImageReferenceRow> ListReferences();

    /// <summary>Inserts (or keeps) the image and points each reference at it, moving references that pointed elsewhere; atomic.</summary>
    void PutImage(StoredImage image, IReadOnlyList<string> references);

    /// <summary>Points a reference at an existing image (a tag move is atomic).</summary>
    void SetReference(string reference, string imageId);

    /// <summary>Removes one reference; returns false when it did not exist.</summary>
    bool RemoveReference(string reference);

    /// <summary>Deletes the image row and all its references.</summary>
    void DeleteImage(string id);
}

public sealed record ImageReferenceRow(string Reference, string ImageId);
