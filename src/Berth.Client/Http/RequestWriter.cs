using System.Buffers;
using System.Text;

namespace Berth.Client.Http;

/// <summary>Writes an HTTP/1.1 request head and body; stream bodies go out chunked.</summary>
internal static class RequestWriter
{
    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();
    private static readonly byte[] s_lastChunk = "0\r\n\r\n"u8.ToArray();

    public static async Task WriteAsync(BufferedConnection connection, string method, string target, EngineRequest request, IEnumerable<KeyValuePair<string, string>> extraHeaders, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(256);
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        head.Append("Host: api.moby.localhost\r\n");
        head.Append("User-Agent: Berth-Client/").Append(EngineClient.ClientVersion).Append("\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        foreach (var (name, value) in extraHeaders)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (request.ContentType is not null)
        {
            head.Append("Content-Type: ").Append(request.ContentType).Append("\r\n");
        }

        if (request.BodyStream is not null)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }
        else if (request.Body is not null || method is "POST" or "PUT")
        {
            head.Append("Content-Length: ").Append(request.Body?.Length ?? 0).Append("\r\n");
        }

        head.Append("\r\n");
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);

        if (request.Body is { Length: > 0 } body)
        {
            await connection.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        else if (request.BodyStream is { } stream)
        {
            await WriteChunkedAsync(connection, stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteChunkedAsync(BufferedConnection connection, Stream source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await connection.WriteAsync(Encoding.ASCII.GetBytes(n.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"), cancellationToken).ConfigureAwait(false);
                await connection.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                await connection.WriteAsync(s_crlf, cancellationToken).ConfigureAwait(false);
            }

            await connection.WriteAsync(s_lastChunk, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
