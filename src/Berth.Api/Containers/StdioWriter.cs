using System.Buffers;
using System.Buffers.Binary;
using Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>
/// Writes container output the way dockerd does: raw bytes for a TTY, otherwise Docker's
/// multiplexed frames ([stream, 0, 0, 0, length as big-endian uint32] + payload). Every frame is
/// flushed so interactive clients see output at once.
/// </summary>
internal sealed class StdioWriter(Stream output, bool multiplexed)
{
    public const string RawStream = "application/vnd.docker.raw-stream";
    public const string MultiplexedStream = "application/vnd.docker.multiplexed-stream";

    public static string ContentType(bool tty) => tty ? RawStream : MultiplexedStream;

    public async ValueTask WriteAsync(LogStream stream, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var length = prefix.Length + data.Length;
        if (length == 0)
        {
            return;
        }

        var header = multiplexed ? 8 : 0;
        var buffer = ArrayPool<byte>.Shared.Rent(header + length);
        try
        {
            if (multiplexed)
            {
                buffer.AsSpan(0, 8).Clear();
                buffer[0] = (byte)stream;
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4, 4), (uint)length);
            }

            prefix.Span.CopyTo(buffer.AsSpan(header));
            data.Span.CopyTo(buffer.AsSpan(header + prefix.Length));
            await output.WriteAsync(buffer.AsMemory(0, header + length), cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask WriteAsync(LogStream stream, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteAsync(stream, ReadOnlyMemory<byte>.Empty, data, cancellationToken);
}
