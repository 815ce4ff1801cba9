using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// Go's json.Indent with a 4-space indent: re-indents JSON while keeping every token's original
/// text (escapes, number spelling, key order), as docker inspect prints the daemon's raw JSON.
/// </summary>
internal static class JsonIndenter
{
    public static string IndentArray(IReadOnlyList<byte[]> elements)
    {
        var combined = new List<byte>();
        combined.Add((byte)'[');
        for (var i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                combined.Add((byte)',');
            }

            combined.AddRange(elements[i]);
        }

        combined.Add((byte)']');
        return Indent(combined.ToArray());
    }

    public static string Indent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 512 });
        var sb = new StringBuilder(json.Length * 2);
        var depth = 0;
        var needComma = false;
        var afterProperty = false;
        var emptyContainer = false;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                depth--;
                if (!emptyContainer)
                {
                    NewLine(sb, depth);
                }

                sb.Append(token == JsonTokenType.EndObject ? '}' : ']');
                needComma = true;
                emptyContainer = false;
                continue;
            }

            if (!afterProperty)
            {
                if (needComma)
                {
                    sb.Append(',');
                }

                if (depth > 0)
                {
                    NewLine(sb, depth);
                }
            }

            afterProperty = false;
            emptyContainer = false;
            switch (token)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    sb.Append(token == JsonTokenType.StartObject ? '{' : '[');
                    depth++;
                    needComma = false;
                    emptyContainer = IsNextEnd(reader);
                    break;
                case JsonTokenType.PropertyName:
                    sb.Append('"').Append(Raw(ref reader)).Append("\": ");
                    afterProperty = true;
                    needComma = false;
                    break;
                case JsonTokenType.String:
                    sb.Append('"').Append(Raw(ref reader)).Append('"');
                    needComma = true;
                    break;
                default:
                    sb.Append(Raw(ref reader));
                    needComma = true;
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool IsNextEnd(Utf8JsonReader copy) =>
        copy.Read() && copy.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray;

    private static string Raw(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);

    private static void NewLine(StringBuilder sb, int depth) => sb.Append('\n').Append(' ', depth * 4);
}
