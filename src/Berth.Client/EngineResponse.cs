using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Client;

/// <summary>A successful (2xx, or 304) response whose body is read as a stream; dispose to close the connection.</summary>
public sealed class EngineResponse : IAsyncDisposable, IDisposable
{
    internal EngineResponse(int statusCode, IReadOnlyDictionary<string, string> headers, Stream body)
    {
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
    }

    public int StatusCode { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public Stream Body { get; }

    public async Task<byte[]> ReadBytesAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public async Task<string> ReadStringAsync(CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Parses the body as JSON; an empty body gives null.</summary>
    public async Task<JsonNode?> ReadJsonAsync(CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(cancellationToken).ConfigureAwait(false);
        return bytes.Length == 0 ? null : JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
    }

    /// <summary>Reads a stream of JSON messages (one per line), as load/import/pull/build send them.</summary>
    public IAsyncEnumerable<JsonNode> ReadJsonMessagesAsync(CancellationToken cancellationToken) =>
        JsonMessageReader.ReadAllAsync(Body, cancellationToken);

    public ValueTask DisposeAsync() => Body.DisposeAsync();

    public void Dispose() => Body.Dispose();
}
