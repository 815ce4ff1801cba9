using System.Text.Json;

namespace Berth.Daemon.Options;

/// <summary>daemon.json, with dockerd's key names. Values are kept as JSON so the merge can tell "set" from "absent".</summary>
internal sealed class ConfigFile
{
    private static readonly HashSet<string> KnownKeys = ["hosts", "data-root", "exec-root", "log-level", "pidfile", "debug"];

    private ConfigFile(string path, Dictionary<string, JsonElement> values)
    {
        Path = path;
        Values = values;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, JsonElement> Values { get; }

    /// <summary>Loads the file; a missing default file is an empty config, a missing explicit one an error.</summary>
    public static ConfigFile Load(string path, bool explicitlyGiven)
    {
        if (!File.Exists(path))
        {
            return explicitlyGiven
                ? throw new UsageException($"unable to configure berthd with file {path}: open {path}: no such file or directory")
                : new ConfigFile(path, []);
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            {
                return new ConfigFile(path, values);
            }

            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, "the configuration must be a JSON object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }
        }
        catch (JsonException ex)
        {
            throw Error(path, ex.Message);
        }
        catch (IOException ex)
        {
            throw Error(path, ex.Message);
        }

        var unknown = values.Keys.Where(k => !KnownKeys.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw Error(path, "the following directives don't match any configuration option: " + string.Join(", ", unknown));
        }

        return new ConfigFile(path, values);
    }

    public string? GetString(string key)
    {
        if (!Values.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(Path, $"\"{key}\" must be a string");
    }

    public bool? GetBool(string key)
    {
        if (!Values.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Path, $"\"{key}\" must be true or false"),
        };
    }

    public IReadOnlyList<string>? GetStrings(string key)
    {
        if (!Values.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw Error(Path, $"\"{key}\" must be an array of strings");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    public static UsageException Error(string path, string detail) =>
        new($"unable to configure berthd with file {path}: {detail}");
}
