using System.Buffers.Binary;

namespace Berth.Client;

/// <summary>
/// Demultiplexes docker's stdcopy format: frames of an 8-byte header (stream type, three zero
/// bytes, big-endian uint32 payload length) followed by the payload.
/// </summary>
public sealed class MultiplexedStreamReader
{
    private readonly Stream _source;
    private readonly byte[] _header = new byte[8];

    public MultiplexedStreamReader(Stream source)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
    }

    /// <summary>Reads the next frame header; null at a clean end of stream.</summary>
    public async ValueTask<(StdStreamType Stream, int Length)?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < _header.Length)
        {
            var n = await _source.ReadAsync(_header.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? null : throw new EndOfStreamException("truncated multiplexed stream header");
            }

            read += n;
        }

        var type = _header[0];
        if (type > (byte)StdStreamType.SystemError)
        {
            throw new InvalidDataException($"Unrecognized input header: {type}");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        if (length > int.MaxValue)
        {
            throw new InvalidDataException($"multiplexed frame too large: {length}");
        }

        return ((StdStreamType)type, (int)length);
    }

    /// <summary>Copies frames to stdout/stderr until the end; a SystemError frame becomes an exception.</summary>
    public async Task CopyToAsync(Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var buffer = new byte[32 * 1024];
        while (await ReadHeaderAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            if (frame.Stream == StdStreamType.SystemError)
            {
                var payload = new byte[frame.Length];
                await _source.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
                throw new IOException(System.Text.Encoding.UTF8.GetString(payload));
            }

            var target = frame.Stream == StdStreamType.Stderr ? stderr : stdout;
            var remaining = frame.Length;
            while (remaining > 0)
            {
                var n = await _source.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new EndOfStreamException("truncated multiplexed stream frame");
                }

                await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                remaining -= n;
            }

            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
