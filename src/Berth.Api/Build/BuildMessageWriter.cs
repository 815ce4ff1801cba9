using System.Text;
using System.Text.Json;
using Berth.Api.Streaming;
using Berth.Core.Build;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Build;

/// <summary>
/// The legacy builder's JSON message stream: {"stream":...} lines, {"aux":{"ID":...}} for the image,
/// {"errorDetail":{"code":..,"message":..},"error":..} at a failure. Nothing is written before the
/// first message, so errors found while reading the context still get a 4xx status. With q=1 the
/// step text is held back (and only shown if the build fails), as dockerd does.
/// </summary>
internal sealed class BuildMessageWriter(HttpContext context, bool quiet) : IBuildOutput
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly StringBuilder _suppressed = new();

    public bool Started { get; private set; }

    public string SuppressedOutput => _suppressed.ToString();

    public ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        if (quiet)
        {
            lock (_suppressed)
            {
                _suppressed.Append(text);
            }

            return ValueTask.CompletedTask;
        }

        return new ValueTask(WriteMessageAsync(json => json.WriteString("stream", text), cancellationToken));
    }

    public ValueTask ImageBuiltAsync(string imageId, CancellationToken cancellationToken) =>
        new(WriteMessageAsync(json =>
        {
            json.WriteStartObject("aux");
            json.WriteString("ID", imageId);
            json.WriteEndObject();
        }, cancellationToken));

    /// <summary>The q=1 answer: just the image ID.</summary>
    public Task WriteQuietResultAsync(string imageId, CancellationToken cancellationToken) =>
        WriteMessageAsync(json => json.WriteString("stream", imageId + "\n"), cancellationToken);

    public Task WriteErrorAsync(string message, int? code, CancellationToken cancellationToken) =>
        WriteMessageAsync(json =>
        {
            json.WriteStartObject("errorDetail");
            if (code is { } c)
            {
                json.WriteNumber("code", c);
            }

            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteString("error", message);
        }, cancellationToken);

    private async Task WriteMessageAsync(Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!Started)
            {
                Started = true;
                StreamingResponse.DisableBuffering(context);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
            }

            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }
}
