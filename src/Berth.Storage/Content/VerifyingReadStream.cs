using System.Security.Cryptography;
using Berth.Core.Errors;
using Berth.Oci;

namespace Berth.Storage.Content;

/// <summary>
/// Reads a blob file and hashes it on the way; when the last byte has been read the hash must match
/// the blob's name, or the read fails with "content corrupted". Seeking back to 0 restarts the
/// check; seeking anywhere else gives up verification for that pass (random access cannot be
/// verified without reading everything).
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private readonly FileStream _inner;
    private readonly Digest _expected;
    private readonly long _length;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _hashed;
    private bool _verifying = true;

    public VerifyingReadStream(FileStream inner, Digest expected)
    {
        _inner = inner;
        _expected = expected;
        _length = inner.Length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var position = _inner.Position;
        var read = _inner.Read(buffer);
        Observe(position, buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var position = _inner.Position;
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(position, buffer.Span[..read]);
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var position = _inner.Seek(offset, origin);
        if (position == 0)
        {
            _hash.GetHashAndReset();
            _hashed = 0;
            _verifying = true;
        }
        else if (position != _hashed)
        {
            _verifying = false;
        }

        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(long position, ReadOnlySpan<byte> data)
    {
        if (!_verifying || position != _hashed)
        {
            return;
        }

        // An empty read at the end still verifies, which covers empty blobs.
        _hash.AppendData(data);
        _hashed += data.Length;
        VerifyIfComplete();
    }

    private void VerifyIfComplete()
    {
        if (!_verifying || _hashed != _length)
        {
            return;
        }

        _verifying = false;
        if (Digest.FromHash(_hash.GetHashAndReset()) != _expected)
        {
            throw EngineException.Internal($"content corrupted: {_expected}");
        }
    }
}
