namespace Berth.Runtime.Filesystem;

/// <summary>
/// Exactly <c>length</c> bytes of an inner stream: cut when it has more, zero-padded when it has
/// fewer. Keeps a tar entry consistent with its header when the file changes while it is read.
/// </summary>
internal sealed class FixedLengthReadStream(Stream inner, long length) : Stream
{
    private long _position;
    private bool _innerEnded;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int want = (int)Math.Min(buffer.Length, length - _position);
        if (want <= 0)
        {
            return 0;
        }
        int n = _innerEnded ? 0 : inner.Read(buffer[..want]);
        if (n == 0)
        {
            _innerEnded = true;
            buffer[..want].Clear();
            n = want;
        }
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int want = (int)Math.Min(buffer.Length, length - _position);
        if (want <= 0)
        {
            return 0;
        }
        int n = _innerEnded ? 0 : await inner.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _innerEnded = true;
            buffer.Span[..want].Clear();
            n = want;
        }
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Flush()
    {
    }
}
