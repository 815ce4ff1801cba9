using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Endpoints;

/// <summary>Reads a request's JSON body to its end (so nothing of it is left on the connection).</summary>
internal static class JsonBody
{
    /// <summary>The body, or null when there is none. Malformed JSON is the error middleware's 400.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.ContentLength == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).Trim(" \t\r\n"u8);
        return json.IsEmpty ? null : JsonSerializer.Deserialize(json, type);
    }
}
