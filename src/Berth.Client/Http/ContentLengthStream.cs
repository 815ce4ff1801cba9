namespace Berth.Client.Http;

/// <summary>A body of known length; a length of -1 reads until the peer closes.</summary>
internal sealed class ContentLengthStream : ReadOnlyBodyStream
{
    private long _remaining;

    public ContentLengthStream(BufferedConnection connection, long length)
        : base(connection)
    {
        _remaining = length;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.Length == 0)
        {
            return 0;
        }

        if (_remaining > 0 && buffer.Length > _remaining)
        {
            buffer = buffer[..(int)_remaining];
        }

        var n = await Connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0 && _remaining > 0)
        {
            throw new IOException($"unexpected EOF: {_remaining} body bytes missing");
        }

        if (_remaining > 0)
        {
            _remaining -= n;
        }

        return n;
    }
}
