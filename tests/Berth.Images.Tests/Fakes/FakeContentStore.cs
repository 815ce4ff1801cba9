using System.Collections.Concurrent;
using System.Security.Cryptography;
using Berth.Core.Content;
using Berth.Core.Errors;

namespace Berth.Images.Tests.Fakes;

internal sealed class FakeContentStore : IContentStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Digests => _blobs.Keys.ToArray();

    public bool Exists(string digest) => _blobs.ContainsKey(digest);

    public long GetSize(string digest) => _blobs.TryGetValue(digest, out var b) ? b.Length : throw EngineException.NotFound($"blob {digest} not found");

    public Stream OpenRead(string digest) => _blobs.TryGetValue(digest, out var b) ? new MemoryStream(b, writable: false) : throw EngineException.NotFound($"blob {digest} not found");

    public byte[] Read(string digest) => _blobs[digest];

    public async Task<BlobInfo> WriteAsync(Stream data, string? expectedDigest, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await data.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var digest = Digest(bytes);
        if (expectedDigest is not null && expectedDigest != digest)
        {
            throw EngineException.InvalidArgument($"digest mismatch: expected {expectedDigest}, got {digest}");
        }

        _blobs[digest] = bytes;
        return new BlobInfo(digest, bytes.Length);
    }

    public Task<BlobInfo> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var bytes = data.ToArray();
        var digest = Digest(bytes);
        _blobs[digest] = bytes;
        return Task.FromResult(new BlobInfo(digest, bytes.Length));
    }

    public void Delete(string digest) => _blobs.TryRemove(digest, out _);

    public IEnumerable<string> List() => _blobs.Keys.ToArray();

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
