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
        var request = new EngineRequest("POST", $"/containers/{Uri.EscapeDataString(id)}/wait", new EngineQuery().Add("condition", condition));
        return new ContainerWait(await client.StartAsync(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The exit code, once the container reaches the condition; daemon errors as <see cref="EngineApiException"/>.</summary>
    public async Task<long> ResultAsync(CancellationToken cancellationToken)
    {
        using var response = await EngineClient.ReadResponseAsync(_connection, "POST", cancellationToken).ConfigureAwait(false);
        var body = await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // Not JSON: no status to report.
        }

        if (json?["Error"]?["Message"] is JsonValue message && message.TryGetValue<string>(out var error) && error.Length > 0)
        {
            throw new EngineApiException(500, error);
        }

        return json?["StatusCode"]?.GetValue<long>() ?? 0;
    }

    public void Dispose() => _connection.Dispose();
}
