using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Client;

/// <summary>One Engine API request. <see cref="Path"/> excludes the version prefix ("/images/json").</summary>
public sealed class EngineRequest
{
    public EngineRequest(string method, string path, EngineQuery? query = null)
    {
        Method = method;
        Path = path;
        Query = query ?? new EngineQuery();
    }

    public string Method { get; }

    public string Path { get; }

    public EngineQuery Query { get; }

    /// <summary>A fixed body sent with Content-Length.</summary>
    public byte[]? Body { get; set; }

    /// <summary>A streamed body sent with chunked transfer encoding (load, import, build).</summary>
    public Stream? BodyStream { get; set; }

    public string? ContentType { get; set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public EngineRequest WithJson(JsonNode? body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = GoJsonEncoder.Instance }))
        {
            if (body is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                body.WriteTo(writer);
            }
        }

        Body = buffer.ToArray();
        ContentType = "application/json";
        return this;
    }
}
