namespace Berth.Core.Content;

/// <summary>
/// Content-addressed blob store (manifests, configs, compressed layers), modelled on containerd's
/// content.Store. Blobs are immutable and named by "sha256:&lt;hex&gt;". A write streams into
/// content/ingest, is hashed while written, fsynced, verified against the expected digest (if
/// given) and renamed into content/blobs/sha256/&lt;hex&gt;; a crash leaves at most a stray ingest file.
/// </summary>
public interface IContentStore
{
    /// <summary>True when the blob exists.</summary>
    bool Exists(string digest);

    /// <summary>Size in bytes; throws NotFound.</summary>
    long GetSize(string digest);

    /// <summary>Opens a blob for reading. The stream verifies the digest as it is read to the end
    /// and throws <see cref="Errors.EngineException"/> (Internal, "content corrupted ...") on mismatch.</summary>
    Stream OpenRead(string digest);

    /// <summary>Writes a blob from <paramref name="data"/>. When <paramref name="expectedDigest"/> is
    /// given and differs from the content, nothing is stored and InvalidArgument is thrown.
    /// Returns the digest and size. Writing an existing blob is a cheap no-op (after hashing).</summary>
    Task<BlobInfo> WriteAsync(Stream data, string? expectedDigest, CancellationToken cancellationToken);

    /// <summary>Convenience for small blobs such as configs and manifests.</summary>
    Task<BlobInfo> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Removes a blob; missing blobs are ignored.</summary>
    void Delete(string digest);

    /// <summary>All stored digests (for garbage collection and consistency checks).</summary>
    IEnumerable<string> List();
}

public readonly record struct BlobInfo(string Digest, long Size);
