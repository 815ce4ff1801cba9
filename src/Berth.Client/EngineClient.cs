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

    private volatile string _apiVersion;

    // Whether the daemon is known to take _apiVersion: a version given by the caller (DOCKER_API_VERSION)
    // always is; the default is once any answer to it came back, or after negotiating down.
    private volatile bool _versionSettled;

    /// <param name="apiVersion">A fixed version (DOCKER_API_VERSION); without one the client starts at
    /// <see cref="DefaultApiVersion"/> and comes down to an older daemon's maximum, as docker's does.</param>
    public EngineClient(EngineEndpoint endpoint, string? apiVersion = null)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _versionSettled = !string.IsNullOrWhiteSpace(apiVersion);
        _apiVersion = _versionSettled ? apiVersion!.TrimStart('v') : DefaultApiVersion;
    }

    public EngineEndpoint Endpoint { get; }

    /// <summary>The version in request paths: the fixed one, the default, or an older daemon's maximum.</summary>
    public string ApiVersion => _apiVersion;

    /// <summary>Sends a request; 4xx/5xx answers throw <see cref="EngineApiException"/>.</summary>
    public async Task<EngineResponse> SendAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_versionSettled && request.BodyStream is not null)
        {
            await NegotiateAsync(cancellationToken).ConfigureAwait(false); // a streamed body cannot be sent twice
        }
        return await WithNegotiationAsync(request, SendOnceAsync, cancellationToken).ConfigureAwait(false);
    }

    private async Task<EngineResponse> SendOnceAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        var connection = await WriteRequestAsync(request, cancellationToken).ConfigureAwait(false);
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
    /// Sends with the current version; if the daemon says it is too new ("client version 1.51 is too
    /// new. Maximum supported API version is 1.41", dockerd's versions middleware, 400), takes the
    /// daemon's maximum and sends once more. berthd takes the default, so it costs nothing there,
    /// where docker's CLI pings first on every run.
    /// </summary>
    private async Task<T> WithNegotiationAsync<T>(EngineRequest request, Func<EngineRequest, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        if (_versionSettled)
        {
            return await send(request, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            T result = await send(request, cancellationToken).ConfigureAwait(false);
            _versionSettled = true;
            return result;
        }
        catch (EngineApiException e) when (MaximumFromTooNew(e) is { } maximum)
        {
            _apiVersion = maximum;
            _versionSettled = true;
            return await send(request, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException)
        {
            _versionSettled = true; // any other answer came through the version check
            throw;
        }
    }

    private static string? MaximumFromTooNew(EngineApiException e)
    {
        const string marker = "Maximum supported API version is ";
        int at = e.StatusCode == 400 && e.Message.Contains("is too new", StringComparison.Ordinal)
            ? e.Message.IndexOf(marker, StringComparison.Ordinal) : -1;
        if (at < 0)
        {
            return null;
        }
        string version = e.Message[(at + marker.Length)..].Trim().TrimEnd('.');
        return IsOlderThanDefault(version) ? version : null;
    }

    private static bool IsOlderThanDefault(string version) =>
        Version.TryParse(version, out var parsed) && parsed < s_defaultVersion;

    private static readonly Version s_defaultVersion = Version.Parse(DefaultApiVersion);

    /// <summary>
    /// docker's way, for a request that cannot be sent twice: GET /_ping (no version in the path) and
    /// take the lower of the default and the daemon's API-Version header.
    /// </summary>
    private async Task NegotiateAsync(CancellationToken cancellationToken)
    {
        using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await RequestWriter.WriteAsync(connection, "GET", "/_ping", new EngineRequest("GET", "/_ping"), [], cancellationToken).ConfigureAwait(false);
        var head = await ResponseHead.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        if (head.Headers.TryGetValue("Api-Version", out var server) && IsOlderThanDefault(server))
        {
            _apiVersion = server;
        }
        _versionSettled = true;
    }

    /// <summary>
    /// The first half of <see cref="SendAsync"/>: returns once the request is on the wire, so a caller can
    /// act before the answer comes (wait is registered before the container starts). The response is read
    /// later with <see cref="ReadResponseAsync"/>; the caller owns the connection until then.
    /// </summary>
    internal async Task<BufferedConnection> StartAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        if (!_versionSettled)
        {
            // The answer is read by the caller later: too late to send again at a lower version.
            await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        }
        return await WriteRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BufferedConnection> WriteRequestAsync(EngineRequest request, CancellationToken cancellationToken)
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
    public Task<HijackedStream> HijackAsync(EngineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithNegotiationAsync(request, HijackOnceAsync, cancellationToken);
    }

    private async Task<HijackedStream> HijackOnceAsync(EngineRequest request, CancellationToken cancellationToken)
    {
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
