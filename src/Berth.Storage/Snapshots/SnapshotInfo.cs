using System.Text.Json;

namespace Berth.Storage.Snapshots;

/// <summary>snapshots/&lt;short-id&gt;/layer.json: which chain ID the directory holds, and facts about it.</summary>
internal sealed record SnapshotInfo(string ChainId, string? Parent, string DiffId, long Size)
{
    public const string FileName = "layer.json";

    public static SnapshotInfo? TryRead(string snapshotDirectory)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(Path.Combine(snapshotDirectory, FileName));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new SnapshotInfo(
            root.GetProperty("chainId").GetString() ?? string.Empty,
            root.TryGetProperty("parent", out var parent) ? parent.GetString() : null,
            root.GetProperty("diffId").GetString() ?? string.Empty,
            root.GetProperty("size").GetInt64());
    }

    public void Write(string snapshotDirectory)
    {
        using var file = new FileStream(Path.Combine(snapshotDirectory, FileName), FileMode.CreateNew, FileAccess.Write);
        using (var writer = new Utf8JsonWriter(file))
        {
            writer.WriteStartObject();
            writer.WriteString("chainId", ChainId);
            if (Parent is not null)
            {
                writer.WriteString("parent", Parent);
            }

            writer.WriteString("diffId", DiffId);
            writer.WriteNumber("size", Size);
            writer.WriteEndObject();
        }

        file.Flush(flushToDisk: true);
    }
}
