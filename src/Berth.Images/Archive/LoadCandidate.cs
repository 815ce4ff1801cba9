namespace Berth.Images.Archive;

/// <summary>One image found in an archive, before anything is stored.</summary>
internal sealed record LoadCandidate(
    SpooledFile Config,
    string? ConfigDigest,
    IReadOnlyList<LoadLayer> Layers,
    IReadOnlyList<string> References,
    SpooledFile? Manifest,
    string? ManifestDigest);

/// <summary>A layer file; <see cref="Digest"/> and <see cref="MediaType"/> are known for OCI layouts (the blob name).</summary>
internal sealed record LoadLayer(SpooledFile File, string? Digest, string? MediaType);
