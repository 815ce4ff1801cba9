using System.Text.Json;
using Berth.Core.Images;

namespace Berth.Storage.Metadata;

/// <summary>JSON columns of the images table, written with Utf8JsonWriter (no reflection, AOT-safe).</summary>
internal static class ImageRowCodec
{
    public static string EncodeStrings(IReadOnlyList<string> values) => Encode(writer =>
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    });

    public static IReadOnlyList<string> DecodeStrings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
    }

    public static string EncodeBlobs(IReadOnlyList<LayerBlob> blobs) => Encode(writer =>
    {
        writer.WriteStartArray();
        foreach (var blob in blobs)
        {
            writer.WriteStartObject();
            writer.WriteString("digest", blob.Digest);
            writer.WriteNumber("size", blob.Size);
            writer.WriteString("mediaType", blob.MediaType);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static IReadOnlyList<LayerBlob> DecodeBlobs(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new LayerBlob(
                e.GetProperty("digest").GetString() ?? string.Empty,
                e.GetProperty("size").GetInt64(),
                e.GetProperty("mediaType").GetString() ?? string.Empty))
            .ToArray();
    }

    private static string Encode(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
