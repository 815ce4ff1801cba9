using System.Buffers;
using System.Security.Cryptography;
using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Oci;

namespace Berth.Storage.Content;

/// <summary>
/// <see cref="IContentStore"/> on the local file system: blobs/sha256/&lt;hex&gt; plus ingest/ for
/// writes in progress. A blob only ever appears in blobs/ complete, verified and fsynced, because
/// it is written under ingest/ and renamed into place.
/// </summary>
public sealed class ContentStore : IContentStore
{
    private const int CopyBufferSize = 128 * 1024;
    private readonly string _blobs;
    private readonly string _ingest;

    /// <summary>Opens (and creates) a store in <paramref name="contentRoot"/>, normally &lt;data-root&gt;/content.</summary>
    public ContentStore(string contentRoot)
    {
        Root = Path.GetFullPath(contentRoot);
        _blobs = Path.Combine(Root, "blobs", "sha256");
        _ingest = Path.Combine(Root, "ingest");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_ingest);
    }

    public string Root { get; }

    public bool Exists(string digest) => File.Exists(BlobPath(digest));

    public long GetSize(string digest)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists ? info.Length : throw NotFound(digest);
    }

    /// <summary>The file holding a blob (for callers that hand paths to other tools).</summary>
    public string GetBlobPath(string digest) => BlobPath(digest);

    public Stream OpenRead(string digest)
    {
        var parsed = ParseDigest(digest);
        try
        {
            var file = new FileStream(Path.Combine(_blobs, parsed.Hex), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return new VerifyingReadStream(file, parsed);
        }
        catch (FileNotFoundException)
        {
            throw NotFound(digest);
        }
    }

    public async Task<BlobInfo> WriteAsync(Stream data, string? expectedDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var expected = expectedDigest is null ? (Digest?)null : ParseDigest(expectedDigest);
        var ingestPath = Path.Combine(_ingest, Guid.NewGuid().ToString("N"));
        try
        {
            var (digest, size) = await CopyToIngestAsync(data, ingestPath, cancellationToken).ConfigureAwait(false);
            if (expected is { } want && want != digest)
            {
                throw EngineException.InvalidArgument($"digest mismatch: expected {want}, got {digest}");
            }

            var blobPath = Path.Combine(_blobs, digest.Hex);
            if (!File.Exists(blobPath))
            {
                // rename(2) replaces atomically; a concurrent writer of the same digest wrote the same bytes.
                File.Move(ingestPath, blobPath, overwrite: true);
                FileSync.FsyncDirectory(_blobs);
            }

            return new BlobInfo(digest.ToString(), size);
        }
        finally
        {
            File.Delete(ingestPath);
        }
    }

    public async Task<BlobInfo> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var digest = Digest.Compute(data.Span);
        if (Exists(digest))
        {
            return new BlobInfo(digest.ToString(), data.Length);
        }

        using var stream = new MemoryStream(data.ToArray(), writable: false);
        return await WriteAsync(stream, digest.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public void Delete(string digest) => File.Delete(BlobPath(digest));

    public IEnumerable<string> List()
    {
        foreach (var file in Directory.EnumerateFiles(_blobs))
        {
            var name = Path.GetFileName(file);
            if (Digest.TryParse(Digest.Sha256Prefix + name, out var digest))
            {
                yield return digest.ToString();
            }
        }
    }

    /// <summary>Deletes ingest files a crash left behind. Only safe while no write is running (daemon start).</summary>
    public int RemoveStaleIngests()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_ingest))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    private static async Task<(Digest Digest, long Size)> CopyToIngestAsync(Stream data, string ingestPath, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(ingestPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await data.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                size += read;
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Digest.FromHash(hash.GetHashAndReset()), size);
    }

    private string BlobPath(string digest) => Path.Combine(_blobs, ParseDigest(digest).Hex);

    private static Digest ParseDigest(string digest)
    {
        try
        {
            return Digest.Parse(digest);
        }
        catch (FormatException e)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"invalid digest \"{digest}\": {e.Message}", e);
        }
    }

    private static EngineException NotFound(string digest) => EngineException.NotFound($"content digest {digest}: not found");
}
