using System.Net.Sockets;
using System.Text;

namespace Berth.Client.Http;

/// <summary>
/// One socket connection with a read buffer. The response head is parsed from the buffer and
/// whatever follows it (body bytes, or raw hijacked stream data) is served from the same buffer.
/// </summary>
internal sealed class BufferedConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public BufferedConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public NetworkStream Stream => _stream;

    public void ShutdownWrite() => _socket.Shutdown(SocketShutdown.Send);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _stream.WriteAsync(data, cancellationToken);

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start < _end)
        {
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, n).CopyTo(destination);
            _start += n;
            return n;
        }

        // Large reads bypass the buffer to avoid a copy (save/export streams).
        if (destination.Length >= _buffer.Length)
        {
            return await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }

        if (!await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        return await ReadAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one CRLF-terminated line (without the CRLF), or null at end of stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return sb.Length == 0 ? null : sb.ToString();
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf < 0)
            {
                sb.Append(Encoding.Latin1.GetString(span));
                _start = _end;
                if (sb.Length > 64 * 1024)
                {
                    throw new IOException("HTTP header line too long");
                }

                continue;
            }

            sb.Append(Encoding.Latin1.GetString(span[..lf]));
            _start += lf + 1;
            if (sb.Length > 0 && sb[^1] == '\r')
            {
                sb.Length--;
            }

            return sb.ToString();
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    public void Dispose() => _stream.Dispose();
}
