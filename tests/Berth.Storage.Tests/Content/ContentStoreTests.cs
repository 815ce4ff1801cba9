using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Oci;
using Berth.Storage.Content;
using Berth.Testing;

namespace Berth.Storage.Tests.Content;

/// <summary>The content store contract, run against <see cref="ContentStore"/>.</summary>
public sealed class ContentStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ContentStore _store;

    public ContentStoreTests() => _store = new ContentStore(_temp.Combine("content"));

    private IContentStore Store => _store;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteThenReadReturnsTheSameBytes()
    {
        var data = RandomBytes(300_000);
        var info = await Store.WriteAsync(new MemoryStream(data), null, CancellationToken.None);

        Assert.Equal(Digest.Compute(data).ToString(), info.Digest);
        Assert.Equal(data.Length, info.Size);
        Assert.True(Store.Exists(info.Digest));
        Assert.Equal(data.Length, Store.GetSize(info.Digest));
        using var read = Store.OpenRead(info.Digest);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        Assert.True(File.Exists(_temp.Combine("content", "blobs", "sha256", Digest.Compute(data).Hex)));
        Assert.Empty(Directory.GetFiles(_temp.Combine("content", "ingest")));
    }

    [Fact]
    public async Task WriteWithMatchingExpectedDigestSucceeds()
    {
        var data = "config"u8.ToArray();
        var info = await Store.WriteAsync(new MemoryStream(data), Digest.Compute(data).ToString(), CancellationToken.None);
        Assert.Equal(Digest.Compute(data).ToString(), info.Digest);
    }

    [Fact]
    public async Task ExpectedDigestMismatchStoresNothing()
    {
        var data = "actual"u8.ToArray();
        var claimed = Digest.Compute("claimed"u8).ToString();

        var error = await Assert.ThrowsAsync<EngineException>(() => Store.WriteAsync(new MemoryStream(data), claimed, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(claimed, error.Message);
        Assert.False(Store.Exists(claimed));
        Assert.False(Store.Exists(Digest.Compute(data).ToString()));
        Assert.Empty(Store.List());
        Assert.Empty(Directory.GetFiles(_temp.Combine("content", "ingest")));
    }

    [Fact]
    public async Task CorruptionOnDiskIsDetectedAtEndOfRead()
    {
        var data = RandomBytes(10_000);
        var info = await Store.WriteAsync(data, CancellationToken.None);
        var path = _store.GetBlobPath(info.Digest);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[5000] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        using var read = Store.OpenRead(info.Digest);
        var error = await Assert.ThrowsAsync<EngineException>(() => read.CopyToAsync(Stream.Null));
        Assert.Equal(ErrorKind.Internal, error.Kind);
        Assert.Equal($"content corrupted: {info.Digest}", error.Message);
    }

    [Fact]
    public async Task CorruptionIsDetectedWithSynchronousReadsToo()
    {
        var info = await Store.WriteAsync("abc"u8.ToArray(), CancellationToken.None);
        await File.WriteAllBytesAsync(_store.GetBlobPath(info.Digest), "abd"u8.ToArray());

        using var read = Store.OpenRead(info.Digest);
        var error = Assert.Throws<EngineException>(() => read.CopyTo(Stream.Null));
        Assert.StartsWith("content corrupted: sha256:", error.Message);
    }

    [Fact]
    public async Task EmptyBlobIsStoredAndVerified()
    {
        var info = await Store.WriteAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        Assert.Equal(0, info.Size);
        using var read = Store.OpenRead(info.Digest);
        Assert.Equal(0, await read.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task RewindingRestartsVerification()
    {
        var data = RandomBytes(1000);
        var info = await Store.WriteAsync(data, CancellationToken.None);
        using var read = Store.OpenRead(info.Digest);
        Assert.True(read.CanSeek);
        Assert.Equal(data.Length, read.Length);
        await read.CopyToAsync(Stream.Null);
        read.Position = 0;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task WritingTheSameBlobTwiceIsANoOp()
    {
        var data = "same"u8.ToArray();
        var first = await Store.WriteAsync(data, CancellationToken.None);
        var second = await Store.WriteAsync(new MemoryStream(data), null, CancellationToken.None);
        Assert.Equal(first, second);
        Assert.Single(Store.List());
    }

    [Fact]
    public async Task DeleteAndListWork()
    {
        var a = await Store.WriteAsync("a"u8.ToArray(), CancellationToken.None);
        var b = await Store.WriteAsync("b"u8.ToArray(), CancellationToken.None);
        Assert.Equal(new[] { a.Digest, b.Digest }.Order(), Store.List().Order());

        Store.Delete(a.Digest);
        Store.Delete(a.Digest);

        Assert.False(Store.Exists(a.Digest));
        Assert.Equal([b.Digest], Store.List());
    }

    [Fact]
    public void MissingBlobIsNotFound()
    {
        var missing = Digest.Compute("missing"u8).ToString();
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => Store.OpenRead(missing)).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => Store.GetSize(missing)).Kind);
    }

    [Fact]
    public void MalformedDigestIsInvalidArgument()
    {
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => Store.Exists("sha256:../../etc/passwd")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => Store.OpenRead("nope")).Kind);
    }

    [Fact]
    public async Task CancelledWriteLeavesNoIngestFile()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(new MemoryStream(RandomBytes(100)), null, cts.Token));
        Assert.Empty(Directory.GetFiles(_temp.Combine("content", "ingest")));
        Assert.Empty(Store.List());
    }

    [Fact]
    public void StaleIngestFilesAreRemoved()
    {
        File.WriteAllText(_temp.Combine("content", "ingest", "partial"), "x");
        Assert.Equal(1, _store.RemoveStaleIngests());
        Assert.Empty(Directory.GetFiles(_temp.Combine("content", "ingest")));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
