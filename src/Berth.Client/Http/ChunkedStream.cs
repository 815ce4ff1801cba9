using System.Globalization;

namespace Berth.Client.Http;

/// <summary>Decodes a <c>Transfer-Encoding: chunked</c> body.</summary>
internal sealed class ChunkedStream : ReadOnlyBodyStream
{
    private long _chunkRemaining;
    private bool _done;

    public ChunkedStream(BufferedConnection connection)
        : base(connection)
    {
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.Length == 0)
        {
            return 0;
        }

        if (_chunkRemaining == 0)
        {
            var sizeLine = await Connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("unexpected EOF in chunked body");
            var semi = sizeLine.IndexOf(';');
            var hex = (semi >= 0 ? sizeLine[..semi] : sizeLine).Trim();
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _chunkRemaining) || _chunkRemaining < 0)
            {
                throw new IOException($"malformed chunk size: {sizeLine}");
            }

            if (_chunkRemaining == 0)
            {
                // Trailers end with an empty line.
                while (!string.IsNullOrEmpty(await Connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
                {
                }

                _done = true;
                return 0;
            }
        }

        if (buffer.Length > _chunkRemaining)
        {
            buffer = buffer[..(int)_chunkRemaining];
        }

        var n = await Connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            throw new IOException("unexpected EOF in chunked body");
        }

        _chunkRemaining -= n;
        if (_chunkRemaining == 0)
        {
            await Connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }

        return n;
    }
}
