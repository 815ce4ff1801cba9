using System.Text.Json;
using Berth.Core.Networks;

namespace Berth.Networking.Store;

/// <summary>JSON columns (string maps, string lists, IPAM config) without reflection, so the library stays AOT-safe.</summary>
internal static class JsonMaps
{
    public static string Write(IReadOnlyDictionary<string, string> map) => Build(writer => WriteMap(writer, map));

    public static string Write(IReadOnlyList<string> list) => Build(writer =>
    {
        writer.WriteStartArray();
        foreach (var item in list)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    });

    public static string Write(IpamSpec ipam) => Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("Driver", ipam.Driver);
        writer.WritePropertyName("Options");
        WriteMap(writer, ipam.Options);
        writer.WriteStartArray("Config");
        foreach (var pool in ipam.Config)
        {
            writer.WriteStartObject();
            WriteOptional(writer, "Subnet", pool.Subnet);
            WriteOptional(writer, "IPRange", pool.IPRange);
            WriteOptional(writer, "Gateway", pool.Gateway);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static Dictionary<string, string> ReadMap(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadMap(document.RootElement);
    }

    public static List<string> ReadList(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
    }

    public static IpamSpec ReadIpam(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new IpamSpec
        {
            Driver = root.GetProperty("Driver").GetString() ?? "default",
            Options = ReadMap(root.GetProperty("Options")),
            Config = root.GetProperty("Config").EnumerateArray().Select(pool => new IpamPoolConfig
            {
                Subnet = Optional(pool, "Subnet"),
                IPRange = Optional(pool, "IPRange"),
                Gateway = Optional(pool, "Gateway"),
            }).ToList(),
        };
    }

    private static Dictionary<string, string> ReadMap(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static string Build(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
