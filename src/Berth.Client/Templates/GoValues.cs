using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Client.Templates;

/// <summary>Conversions and Go fmt-style printing for template values.</summary>
internal static class GoValues
{
    private static readonly JsonWriterOptions s_jsonOptions = new() { Encoder = GoJsonEncoder.Instance };

    /// <summary>JSON scalars become string/long/double/bool; objects and arrays stay nodes.</summary>
    public static object? Normalize(object? value)
    {
        if (value is not JsonValue json)
        {
            return value;
        }

        switch (json.GetValueKind())
        {
            case JsonValueKind.String:
                return json.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (json.TryGetValue<long>(out var l))
                {
                    return l;
                }

                if (json.TryGetValue<int>(out var i))
                {
                    return (long)i;
                }

                if (json.TryGetValue<JsonElement>(out var el) && el.TryGetInt64(out l))
                {
                    return l;
                }

                return json.TryGetValue<double>(out var d) ? d : json.GetValue<JsonElement>().GetDouble();
            default:
                return null;
        }
    }

    public static bool IsTrue(object? value) => value switch
    {
        null or NoValue => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        IReadOnlyList<object?> list => list.Count > 0,
        _ => true,
    };

    /// <summary>Go's %v.</summary>
    public static string Format(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (Normalize(value))
        {
            case null:
                sb.Append("<nil>");
                break;
            case NoValue:
                sb.Append("<no value>");
                break;
            case string s:
                sb.Append(s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(FormatFloat(d));
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    Append(sb, array[i]);
                }

                sb.Append(']');
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    Append(sb, list[i]);
                }

                sb.Append(']');
                break;
            case JsonObject obj:
                sb.Append("map[");
                var first = true;
                foreach (var key in SortedKeys(obj))
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }

                    first = false;
                    sb.Append(key).Append(':');
                    Append(sb, obj[key]);
                }

                sb.Append(']');
                break;
            case var other:
                sb.Append(other);
                break;
        }
    }

    /// <summary>strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v prints it.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsPositiveInfinity(d))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "-Inf";
        }

        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (d == 0)
        {
            return "0";
        }

        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var exp = (int)Math.Floor(Math.Log10(Math.Abs(d)));
        if (exp < -4 || exp >= 6)
        {
            var e = d.ToString("0.################e+00", CultureInfo.InvariantCulture);
            return e;
        }

        return r.Contains('E', StringComparison.Ordinal) ? d.ToString("0.#####################", CultureInfo.InvariantCulture) : r;
    }

    public static IEnumerable<string> SortedKeys(JsonObject obj)
    {
        var keys = obj.Select(p => p.Key).ToList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>encoding/json with SetEscapeHTML(false), trailing newline trimmed.</summary>
    public static string ToJson(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            WriteJson(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case JsonNode node:
                node.WriteTo(writer);
                break;
            case null or NoValue:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    public static string TypeName(object? value) => Normalize(value) switch
    {
        null => "<nil>",
        NoValue => "<no value>",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        JsonObject => "map[string]interface {}",
        JsonArray or IReadOnlyList<object?> => "[]interface {}",
        var other => other.GetType().Name,
    };
}
