using System.Text.Json;

namespace Berth.Core.Volumes;

/// <summary>
/// One mount of a container after planning, what both Docker's inspect "Mounts" entry and the OCI
/// config.json need. The inspect shape is exactly <see cref="Type"/>, <see cref="Name"/>,
/// <see cref="Source"/>, <see cref="Destination"/>, <see cref="Driver"/>, <see cref="Mode"/>,
/// <see cref="RW"/>, <see cref="Propagation"/> (entries with <see cref="Inspectable"/> false, the
/// HostConfig.Tmpfs ones, are not listed by Docker). The other fields are Berth's own and must be
/// persisted with the container (<see cref="ToJson"/>): <see cref="CopyData"/> is cleared once the
/// first start copied the image's files into the volume.
/// </summary>
public sealed record ResolvedMount
{
    public const string TypeBind = "bind";
    public const string TypeVolume = "volume";
    public const string TypeTmpfs = "tmpfs";

    /// <summary>"bind", "volume" or "tmpfs".</summary>
    public required string Type { get; init; }
    /// <summary>Volume name ("" for bind and tmpfs).</summary>
    public string Name { get; init; } = "";
    /// <summary>Host path as Docker shows it: the bind source as given (cleaned), the volume's Mountpoint, "" for tmpfs.</summary>
    public string Source { get; init; } = "";
    /// <summary>Absolute, cleaned path inside the container.</summary>
    public required string Destination { get; init; }
    /// <summary>Volume driver ("local"), "" for bind and tmpfs.</summary>
    public string Driver { get; init; } = "";
    /// <summary>The mode string as Docker shows it: "ro,z" for `-v /a:/b:ro,z`, "z" for named volumes, "" otherwise.</summary>
    public string Mode { get; init; } = "";
    public bool RW { get; init; } = true;
    /// <summary>"rprivate" (bind default), "private", "rshared", "shared", "rslave", "slave"; "" for volumes and tmpfs.</summary>
    public string Propagation { get; init; } = "";

    /// <summary>Copy the image's files at <see cref="Destination"/> into the volume when it is empty (not for nocopy).</summary>
    public bool CopyData { get; init; }
    /// <summary>Bind mounts only: `-v` creates a missing source directory at start, `--mount` does not.</summary>
    public bool CreateSourceIfMissing { get; init; }
    /// <summary>Bind mounts only: bind-nonrecursive ("bind" instead of "rbind").</summary>
    public bool NonRecursive { get; init; }
    /// <summary>tmpfs only: the full OCI option list, comma separated ("rw,noexec,nosuid,nodev,rprivate,size=65536k").</summary>
    public string TmpfsOptions { get; init; } = "";
    /// <summary>False for HostConfig.Tmpfs (--tmpfs) entries, which Docker's inspect does not list in Mounts.</summary>
    public bool Inspectable { get; init; } = true;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(nameof(Type), Type);
        writer.WriteString(nameof(Name), Name);
        writer.WriteString(nameof(Source), Source);
        writer.WriteString(nameof(Destination), Destination);
        writer.WriteString(nameof(Driver), Driver);
        writer.WriteString(nameof(Mode), Mode);
        writer.WriteBoolean(nameof(RW), RW);
        writer.WriteString(nameof(Propagation), Propagation);
        writer.WriteBoolean(nameof(CopyData), CopyData);
        writer.WriteBoolean(nameof(CreateSourceIfMissing), CreateSourceIfMissing);
        writer.WriteBoolean(nameof(NonRecursive), NonRecursive);
        writer.WriteString(nameof(TmpfsOptions), TmpfsOptions);
        writer.WriteBoolean(nameof(Inspectable), Inspectable);
        writer.WriteEndObject();
    }

    public static ResolvedMount FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ReadFrom(doc.RootElement);
    }

    public static ResolvedMount ReadFrom(JsonElement e) => new()
    {
        Type = Str(e, nameof(Type)),
        Name = Str(e, nameof(Name)),
        Source = Str(e, nameof(Source)),
        Destination = Str(e, nameof(Destination)),
        Driver = Str(e, nameof(Driver)),
        Mode = Str(e, nameof(Mode)),
        RW = Bool(e, nameof(RW), true),
        Propagation = Str(e, nameof(Propagation)),
        CopyData = Bool(e, nameof(CopyData), false),
        CreateSourceIfMissing = Bool(e, nameof(CreateSourceIfMissing), false),
        NonRecursive = Bool(e, nameof(NonRecursive), false),
        TmpfsOptions = Str(e, nameof(TmpfsOptions)),
        Inspectable = Bool(e, nameof(Inspectable), true),
    };

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static bool Bool(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;
}
