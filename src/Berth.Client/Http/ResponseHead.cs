namespace Berth.Client.Http;

/// <summary>Status line and headers of an HTTP/1.1 response.</summary>
internal sealed record ResponseHead(int StatusCode, string Reason, IReadOnlyDictionary<string, string> Headers)
{
    public static async ValueTask<ResponseHead> ReadAsync(BufferedConnection connection, CancellationToken cancellationToken)
    {
        var status = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("connection closed before the response status line");
        // "HTTP/1.1 200 OK"
        var parts = status.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], out var code))
        {
            throw new IOException($"malformed HTTP status line: {status}");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var line = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("connection closed inside the response headers");
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new IOException($"malformed HTTP header: {line}");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }

        return new ResponseHead(code, parts.Length > 2 ? parts[2] : string.Empty, headers);
    }

    public bool IsChunked =>
        Headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);

    public long? ContentLength =>
        Headers.TryGetValue("Content-Length", out var cl) && long.TryParse(cl, out var n) ? n : null;
}
