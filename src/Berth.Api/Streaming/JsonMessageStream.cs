using System.Text.Json;
using Berth.Api.Models;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Streaming;

/// <summary>
/// Docker's JSON-message progress stream. The response starts with the first message, so a
/// failure before anything was written still gets a proper status code; after that, errors go
/// in-band as {"errorDetail":{"message":...},"error":...} as the docker CLI expects.
/// </summary>
internal sealed class JsonMessageStream(HttpContext context)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public bool Started { get; private set; }

    public async Task WriteAsync(JsonMessage message, CancellationToken cancellationToken)
    {
        if (!Started)
        {
            Started = true;
            StreamingResponse.DisableBuffering(context);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
        }

        var body = context.Response.Body;
        await JsonSerializer.SerializeAsync(body, message, BerthJsonContext.Default.JsonMessage, cancellationToken);
        await body.WriteAsync(NewLine, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    public Task WriteErrorAsync(string message, CancellationToken cancellationToken) =>
        WriteAsync(new JsonMessage { Error = message, ErrorDetail = new JsonError { Message = message } }, cancellationToken);
}
