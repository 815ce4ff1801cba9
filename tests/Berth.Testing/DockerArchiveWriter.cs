using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Testing;

/// <summary>
/// Writes `docker save` archives (manifest.json, config and layer blobs under blobs/sha256/) from
/// raw layer tars, so load tests need no docker daemon. Image ID = sha256 of the config bytes.
/// </summary>
public sealed class DockerArchiveWriter
{
    private readonly List<(string Path, byte[]? Bytes, string? FilePath)> _blobs = [];
    private readonly HashSet<string> _written = [];
    private readonly JsonArray _manifest = [];
    private readonly List<TarEntry> _extraEntries = [];

    /// <summary>Adds an image made of the given uncompressed layer tars; returns its ID (sha256:…).</summary>
    public string AddImage(IReadOnlyList<byte[]> layers, params string[] repoTags) =>
        AddImage(layers.Select(l => new LayerSource(l, null)).ToList(), repoTags);

    /// <summary>Adds an image whose layer tars are files (for big layers); returns its ID.</summary>
    public string AddImageFromFiles(IReadOnlyList<string> layerFiles, params string[] repoTags) =>
        AddImage(layerFiles.Select(f => new LayerSource(null, f)).ToList(), repoTags);

    /// <summary>Adds an arbitrary entry to the outer archive (e.g. a hostile ../ name).</summary>
    public DockerArchiveWriter AddRawEntry(TarEntry entry)
    {
        _extraEntries.Add(entry);
        return this;
    }

    private string AddImage(IReadOnlyList<LayerSource> layers, string[] repoTags)
    {
        var diffIds = new JsonArray();
        var layerPaths = new JsonArray();
        foreach (var layer in layers)
        {
            string digest = layer.Bytes is not null
                ? Convert.ToHexStringLower(SHA256.HashData(layer.Bytes))
                : HashFile(layer.FilePath!);
            diffIds.Add("sha256:" + digest);
            layerPaths.Add(AddBlob(digest, layer.Bytes, layer.FilePath));
        }
        var history = new JsonArray();
        for (int i = 0; i < layers.Count; i++)
        {
            history.Add(new JsonObject { ["created"] = "2024-01-01T00:00:00Z", ["created_by"] = $"test layer {i}" });
        }
        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = "2024-01-01T00:00:00Z",
            ["config"] = new JsonObject { ["Cmd"] = new JsonArray("sh"), ["Env"] = new JsonArray("PATH=/bin") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
            ["history"] = history,
        };
        byte[] configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        string configHex = Convert.ToHexStringLower(SHA256.HashData(configBytes));
        string configPath = AddBlob(configHex, configBytes, null);
        _manifest.Add(new JsonObject
        {
            ["Config"] = configPath,
            ["RepoTags"] = new JsonArray(repoTags.Select(t => (JsonNode?)t).ToArray()),
            ["Layers"] = layerPaths,
        });
        return "sha256:" + configHex;
    }

    private string AddBlob(string hex, byte[]? bytes, string? filePath)
    {
        string path = "blobs/sha256/" + hex;
        if (_written.Add(path))
        {
            _blobs.Add((path, bytes, filePath));
        }
        return path;
    }

    public void WriteTo(Stream destination)
    {
        using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "blobs/") { Mode = (UnixFileMode)0x1ED });
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "blobs/sha256/") { Mode = (UnixFileMode)0x1ED });
        foreach (var (path, bytes, filePath) in _blobs)
        {
            using Stream data = bytes is not null ? new MemoryStream(bytes) : File.OpenRead(filePath!);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = (UnixFileMode)0x1A4, DataStream = data });
        }
        foreach (var entry in _extraEntries)
        {
            writer.WriteEntry(entry);
        }
        byte[] manifest = Encoding.UTF8.GetBytes(_manifest.ToJsonString());
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json")
        {
            Mode = (UnixFileMode)0x1A4,
            DataStream = new MemoryStream(manifest),
        });
    }

    public void WriteTo(string path)
    {
        using var file = File.Create(path);
        WriteTo(file);
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record LayerSource(byte[]? Bytes, string? FilePath);
}
