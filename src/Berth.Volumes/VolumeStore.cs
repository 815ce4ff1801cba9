using System.Globalization;
using System.Text.Json;
using Berth.Linux.Files;

namespace Berth.Volumes;

/// <summary>
/// The on-disk layout: &lt;data-root&gt;/volumes/&lt;name&gt;/_data holds the data, opts.json next to it
/// the metadata (name, created, labels, driver options), replaced atomically (temp file, fsync,
/// rename, fsync of the directory). A directory without opts.json is an interrupted create and is
/// not a volume.
/// </summary>
internal sealed class VolumeStore
{
    private const string MetadataFile = "opts.json";

    public VolumeStore(string dataRoot)
    {
        Root = Path.Combine(Path.GetFullPath(dataRoot), "volumes");
        // 0701 as Docker: others may traverse to a bind-mounted _data but not list volume names.
        Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
    }

    public string Root { get; }

    public string VolumeDirectory(string name) => Path.Combine(Root, name);

    public string DataPath(string name) => Path.Combine(Root, name, "_data");

    public IEnumerable<VolumeRecord> LoadAll()
    {
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            string file = Path.Combine(dir, MetadataFile);
            if (File.Exists(file))
            {
                yield return Read(file);
            }
        }
    }

    /// <summary>Creates the directories and writes the metadata last, so a crash leaves no half volume.</summary>
    public void Create(VolumeRecord record)
    {
        const UnixFileMode mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(VolumeDirectory(record.Name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(DataPath(record.Name), mode755);
        Write(record);
    }

    private void Write(VolumeRecord record)
    {
        string dir = VolumeDirectory(record.Name);
        string target = Path.Combine(dir, MetadataFile);
        string temp = target + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteString("Name", record.Name);
                    json.WriteString("CreatedAt", record.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
                    WriteMap(json, "Labels", record.Labels);
                    WriteMap(json, "Options", record.Options);
                    json.WriteEndObject();
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
            FileSync.FsyncDirectory(dir);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static VolumeRecord Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        JsonElement root = doc.RootElement;
        return new VolumeRecord
        {
            Name = root.GetProperty("Name").GetString()!,
            CreatedAt = DateTimeOffset.Parse(root.GetProperty("CreatedAt").GetString()!, CultureInfo.InvariantCulture),
            Labels = ReadMap(root, "Labels"),
            Options = ReadMap(root, "Options"),
        };
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }

    private static Dictionary<string, string> ReadMap(JsonElement root, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out JsonElement obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in obj.EnumerateObject())
            {
                map[p.Name] = p.Value.GetString() ?? "";
            }
        }
        return map;
    }
}
