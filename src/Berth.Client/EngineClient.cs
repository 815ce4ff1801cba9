using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Http;

namespace Berth.Client;

/// <summary>
/// Docker Engine API client over one HTTP/1.1 connection per request. Hand-written HTTP keeps
/// process start cheap (no HttpClient handler setup) and allows connection hijacking.
/// </summary>
public sealed class EngineClient
{
    /// <summary>The API version sent when none is configured; berthd answers 1.24 to 1.51.</summary>
    public const string DefaultApiVersion = "1.51";

    public const string ClientVersion = "0.1.0";

    public EngineClient(EngineEndpoint endpoint, string? apiVersion = null)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        ApiVersion = string.IsNullOrWhiteSpace(apiVersion) ? DefaultApiVersion : apiVersion.TrimStart('v');
    }

    public EngineEndpoint Endpoint { get; }

    public string ApiVersion { get; }

    /// <summary>Sends a request; 4xx/5xx answers throw <see cref="EngineApiException"/>.</summary>
    public async Task<EngineResponse> SendAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadResponseAsync(connection, request.Method, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The first half of <see cref="SendAsync"/>: returns once the request is on the wire, so a caller can
    /// act before the answer comes (wait is registered before the container starts). The response is read
    /// later with <see cref="ReadResponseAsync"/>; the caller owns the connection until then.
    /// </summary>
    internal async Task<BufferedConnection> StartAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RequestWriter.WriteAsync(connection, request.Method, Target(request), request, [], cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The second half of <see cref="SendAsync"/>: the response owns the connection from here on;
    /// answers outside 2xx/3xx throw <see cref="EngineApiException"/>. Like docker's client, a 304
    /// ("container already started/stopped") is not an error.</summary>
    internal static async Task<EngineResponse> ReadResponseAsync(BufferedConnection connection, string method, CancellationToken cancellationToken)
    {
        var head = await ResponseHead.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        Stream body = head.IsChunked ? new ChunkedStream(connection)
            : method == "HEAD" || head.StatusCode is 204 or 304 ? new ContentLengthStream(connection, 0)
            : new ContentLengthStream(connection, head.ContentLength ?? -1);
        if (head.StatusCode is < 200 or >= 400)
        {
            using (body)
            {
                throw await ToExceptionAsync(head, body, cancellationToken).ConfigureAwait(false);
            }
        }

        return new EngineResponse(head.StatusCode, head.Headers, body);
    }

    public async Task<JsonNode?> GetJsonAsync(string path, EngineQuery? query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new EngineRequest("GET", path, query), cancellationToken).ConfigureAwait(false);
        return await response.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET returning the body bytes untouched (inspect prints the daemon's JSON as sent).</summary>
    public async Task<byte[]> GetBytesAsync(string path, EngineQuery? query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new EngineRequest("GET", path, query), cancellationToken).ConfigureAwait(false);
        return await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonNode?> PostJsonAsync(string path, EngineQuery? query, JsonNode? body, CancellationToken cancellationToken)
    {
        var request = new EngineRequest("POST", path, query);
        if (body is not null)
        {
            request.WithJson(body);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonNode?> DeleteJsonAsync(string path, EngineQuery? query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new EngineRequest("DELETE", path, query), cancellationToken).ConfigureAwait(false);
        return await response.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends an upgrade request (attach, exec start) and returns the raw duplex stream once the
    /// daemon answers 101 Switching Protocols (or 200, as older daemons do).
    /// </summary>
    public async Task<HijackedStream> HijackAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            KeyValuePair<string, string>[] upgrade = [new("Connection", "Upgrade"), new("Upgrade", "tcp")];
            await RequestWriter.WriteAsync(connection, request.Method, Target(request), request, upgrade, cancellationToken).ConfigureAwait(false);
            var head = await ResponseHead.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            if (head.StatusCode is not (101 or 200))
            {
                using var body = head.IsChunked ? (Stream)new ChunkedStream(connection) : new ContentLengthStream(connection, head.ContentLength ?? 0);
                throw await ToExceptionAsync(head, body, cancellationToken).ConfigureAwait(false);
            }

            head.Headers.TryGetValue("Content-Type", out var contentType);
            return new HijackedStream(connection, contentType);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private string Target(EngineRequest request) => "/v" + ApiVersion + request.Path + request.Query;

    private async Task<BufferedConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        Socket socket;
        EndPoint endPoint;
        if (Endpoint.Scheme == "unix")
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endPoint = new UnixDomainSocketEndPoint(Endpoint.Address);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            endPoint = IPAddress.TryParse(Endpoint.Address, out var ip) ? new IPEndPoint(ip, Endpoint.Port) : new DnsEndPoint(Endpoint.Address, Endpoint.Port);
        }

        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new EngineConnectionException(Endpoint.Original, ex);
        }

        return new BufferedConnection(socket);
    }

    private static async Task<EngineApiException> ToExceptionAsync(ResponseHead head, Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var message = text.Trim();
        try
        {
            if (JsonNode.Parse(text) is JsonObject obj && obj["message"] is JsonValue value && value.TryGetValue<string>(out var m))
            {
                message = m;
            }
        }
        catch (JsonException)
        {
            // Not JSON: keep the plain text.
        }

        if (message.Length == 0)
        {
            message = $"{head.StatusCode} {head.Reason}".Trim();
        }

        return new EngineApiException(head.StatusCode, message);
    }
}
