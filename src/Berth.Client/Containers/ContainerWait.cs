using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Http;

namespace Berth.Client.Containers;

/// <summary>
/// POST /containers/{id}/wait split in two: <see cref="RegisterAsync"/> returns once the request
/// is on the wire, so run can register the wait before it starts the container (a container
/// started with --rm may be gone before a later wait could be sent).
/// </summary>
public sealed class ContainerWait : IDisposable
{
    private readonly BufferedConnection _connection;

    private ContainerWait(BufferedConnection connection)
    {
        _connection = connection;
    }

    /// <param name="condition">"not-running", "next-exit" or "removed".</param>
    public static async Task<ContainerWait> RegisterAsync(EngineClient client, string id, string condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var connection = await ConnectAsync(client.Endpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new EngineRequest("POST", $"/containers/{Uri.EscapeDataString(id)}/wait", new EngineQuery().Add("condition", condition));
            var target = "/v" + client.ApiVersion + request.Path + request.Query;
            await RequestWriter.WriteAsync(connection, "POST", target, request, [], cancellationToken).ConfigureAwait(false);
            return new ContainerWait(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The exit code, once the container reaches the condition; daemon errors as <see cref="EngineApiException"/>.</summary>
    public async Task<long> ResultAsync(CancellationToken cancellationToken)
    {
        var head = await ResponseHead.ReadAsync(_connection, cancellationToken).ConfigureAwait(false);
        using Stream body = head.IsChunked ? new ChunkedStream(_connection) : new ContentLengthStream(_connection, head.ContentLength ?? -1);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Plain-text error bodies are reported as they are.
        }

        if (head.StatusCode is < 200 or > 299)
        {
            throw new EngineApiException(head.StatusCode, (string?)json?["message"] ?? text.Trim());
        }

        if (json?["Error"]?["Message"] is JsonValue message && message.TryGetValue<string>(out var error) && error.Length > 0)
        {
            throw new EngineApiException(500, error);
        }

        return json?["StatusCode"]?.GetValue<long>() ?? 0;
    }

    public void Dispose() => _connection.Dispose();

    private static async Task<BufferedConnection> ConnectAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        Socket socket;
        EndPoint endPoint;
        if (endpoint.Scheme == "unix")
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endPoint = new UnixDomainSocketEndPoint(endpoint.Address);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            endPoint = IPAddress.TryParse(endpoint.Address, out var ip) ? new IPEndPoint(ip, endpoint.Port) : new DnsEndPoint(endpoint.Address, endpoint.Port);
        }

        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new EngineConnectionException(endpoint.Original, ex);
        }

        return new BufferedConnection(socket);
    }
}
