using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Images.Tests;

/// <summary>A synthetic image: config bytes plus uncompressed layer tars.</summary>
internal sealed record TestImage(byte[] Config, byte[][] Layers)
{
    public string Id => TestImages.Sha(Config);

    public IReadOnlyList<string> DiffIds => Layers.Select(TestImages.Sha).ToArray();

    public string Hex => Id["sha256:".Length..];
}

/// <summary>Builds layers, configs and docker-save / OCI archives the way Docker and OCI tools lay them out.</summary>
internal static class TestImages
{
    private static readonly DateTimeOffset FixedMtime = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static string Sha(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Hex(string digest) => digest["sha256:".Length..];

    public static byte[] LayerTar(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    ModificationTime = FixedMtime,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                };
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static JsonObject ConfigObject(IReadOnlyList<byte[]> layers, DateTimeOffset created, IReadOnlyDictionary<string, string>? labels = null, bool trailingEmptyLayer = true)
    {
        var history = new JsonArray();
        foreach (var layer in layers)
        {
            history.Add(new JsonObject { ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff") + "12Z", ["created_by"] = $"/bin/sh -c #(nop) ADD file:{Hex(Sha(layer))[..8]} in / " });
        }

        if (trailingEmptyLayer)
        {
            history.Add(new JsonObject { ["created"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), ["created_by"] = "/bin/sh -c #(nop)  CMD [\"sh\"]", ["empty_layer"] = true });
        }

        var config = new JsonObject { ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ["Cmd"] = new JsonArray("sh") };
        if (labels is not null)
        {
            var obj = new JsonObject();
            foreach (var (k, v) in labels)
            {
                obj[k] = v;
            }

            config["Labels"] = obj;
        }

        return new JsonObject
        {
            ["architecture"] = "amd64",
            ["config"] = config,
            ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff") + "12Z",
            ["history"] = history,
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layers.Select(l => (JsonNode)Sha(l)).ToArray()) },
        };
    }

    /// <summary>An image with <paramref name="layerCount"/> distinct layers; <paramref name="seed"/> makes it unique.</summary>
    public static TestImage Image(string seed, int layerCount = 2, IReadOnlyDictionary<string, string>? labels = null, DateTimeOffset? created = null, byte[][]? sharedBase = null)
    {
        var layers = new List<byte[]>(sharedBase ?? []);
        for (var i = 0; i < layerCount; i++)
        {
            layers.Add(LayerTar(($"{seed}/file{i}", $"{seed} layer {i}"), ("etc/" + seed + i, new string('x', 100 * (i + 1)))));
        }

        var config = ConfigObject(layers, created ?? new DateTimeOffset(2023, 5, 19, 20, 19, 23, TimeSpan.Zero));
        return new TestImage(Encoding.UTF8.GetBytes(config.ToJsonString()), layers.ToArray());
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>An outer archive; names ending in "/" are directories, ("link", "-> target") entries are symlinks.</summary>
    public static byte[] Tar(params (string Name, byte[]? Data)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                PaxTarEntry entry;
                if (name.EndsWith('/'))
                {
                    entry = new PaxTarEntry(TarEntryType.Directory, name);
                }
                else if (data is not null && Encoding.UTF8.GetString(data).StartsWith("-> ", StringComparison.Ordinal))
                {
                    entry = new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = Encoding.UTF8.GetString(data)[3..] };
                }
                else
                {
                    entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data ?? []) };
                }

                entry.ModificationTime = FixedMtime;
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Docker ≤ 24 `docker save`: &lt;v1id&gt;/{VERSION,json,layer.tar}, &lt;hex&gt;.json, manifest.json, repositories.</summary>
    public static byte[] Docker2010Archive(params (TestImage Image, string[] Tags)[] images)
    {
        var entries = new List<(string, byte[]?)>();
        var manifest = new JsonArray();
        var repositories = new JsonObject();
        foreach (var (image, tags) in images)
        {
            var layerPaths = new JsonArray();
            string? previous = null;
            foreach (var layer in image.Layers)
            {
                var v1 = Hex(Sha(Utf8((previous ?? "") + Sha(layer))));
                entries.Add(($"{v1}/", null));
                entries.Add(($"{v1}/VERSION", Utf8("1.0")));
                entries.Add(($"{v1}/json", Utf8($"{{\"id\":\"{v1}\"}}")));
                entries.Add(($"{v1}/layer.tar", layer));
                layerPaths.Add((JsonNode)$"{v1}/layer.tar");
                previous = v1;
            }

            entries.Add(($"{image.Hex}.json", image.Config));
            manifest.Add(new JsonObject { ["Config"] = $"{image.Hex}.json", ["RepoTags"] = tags.Length == 0 ? null : new JsonArray(tags.Select(t => (JsonNode)t).ToArray()), ["Layers"] = layerPaths });
            foreach (var tag in tags)
            {
                var colon = tag.LastIndexOf(':');
                repositories[tag[..colon]] = new JsonObject { [tag[(colon + 1)..]] = previous };
            }
        }

        entries.Add(("manifest.json", Utf8(manifest.ToJsonString())));
        entries.Add(("repositories", Utf8(repositories.ToJsonString())));
        return Tar(entries.ToArray());
    }

    /// <summary>Docker 25+ `docker save`: blobs/sha256/*, index.json, manifest.json, oci-layout, repositories.</summary>
    public static byte[] Docker25Archive(params (TestImage Image, string[] Tags)[] images)
    {
        var entries = new List<(string, byte[]?)> { ("blobs/", null), ("blobs/sha256/", null) };
        var manifest = new JsonArray();
        var index = new JsonArray();
        foreach (var (image, tags) in images)
        {
            foreach (var layer in image.Layers)
            {
                entries.Add(($"blobs/sha256/{Hex(Sha(layer))}", layer));
            }

            entries.Add(($"blobs/sha256/{image.Hex}", image.Config));
            var ociManifest = OciManifest(image, gzipLayers: false);
            entries.Add(($"blobs/sha256/{Hex(Sha(ociManifest))}", ociManifest));
            foreach (var tag in tags)
            {
                index.Add(new JsonObject
                {
                    ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                    ["digest"] = Sha(ociManifest),
                    ["size"] = ociManifest.Length,
                    ["annotations"] = new JsonObject { ["io.containerd.image.name"] = "docker.io/library/" + tag, ["org.opencontainers.image.ref.name"] = tag[(tag.LastIndexOf(':') + 1)..] },
                });
            }

            manifest.Add(new JsonObject
            {
                ["Config"] = $"blobs/sha256/{image.Hex}",
                ["RepoTags"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray()),
                ["Layers"] = new JsonArray(image.Layers.Select(l => (JsonNode)$"blobs/sha256/{Hex(Sha(l))}").ToArray()),
            });
        }

        entries.Add(("index.json", Utf8(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = index }.ToJsonString())));
        entries.Add(("manifest.json", Utf8(manifest.ToJsonString())));
        entries.Add(("oci-layout", Utf8("{\"imageLayoutVersion\":\"1.0.0\"}")));
        return Tar(entries.ToArray());
    }

    public static byte[] OciManifest(TestImage image, bool gzipLayers)
    {
        var layers = new JsonArray();
        foreach (var layer in image.Layers)
        {
            var blob = gzipLayers ? Gzip(layer) : layer;
            layers.Add(new JsonObject
            {
                ["mediaType"] = gzipLayers ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
                ["digest"] = Sha(blob),
                ["size"] = blob.Length,
            });
        }

        return Utf8(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = image.Id, ["size"] = image.Config.Length },
            ["layers"] = layers,
        }.ToJsonString());
    }

    /// <summary>A pure OCI image layout with gzip layers whose index.json points at a nested index (amd64 + arm64).</summary>
    public static byte[] OciLayoutWithIndex(TestImage image, string? containerdName, string? refName)
    {
        var entries = new List<(string, byte[]?)> { ("oci-layout", Utf8("{\"imageLayoutVersion\":\"1.0.0\"}")) };
        foreach (var layer in image.Layers)
        {
            var gz = Gzip(layer);
            entries.Add(($"blobs/sha256/{Hex(Sha(gz))}", gz));
        }

        entries.Add(($"blobs/sha256/{image.Hex}", image.Config));
        var manifest = OciManifest(image, gzipLayers: true);
        entries.Add(($"blobs/sha256/{Hex(Sha(manifest))}", manifest));
        var nested = Utf8(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(
                new JsonObject { ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["digest"] = "sha256:" + new string('a', 64), ["size"] = 10, ["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "arm64" } },
                new JsonObject { ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["digest"] = Sha(manifest), ["size"] = manifest.Length, ["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = Config.HostPlatform.Architecture } }),
        }.ToJsonString());
        entries.Add(($"blobs/sha256/{Hex(Sha(nested))}", nested));
        var annotations = new JsonObject();
        if (containerdName is not null)
        {
            annotations["io.containerd.image.name"] = containerdName;
        }

        if (refName is not null)
        {
            annotations["org.opencontainers.image.ref.name"] = refName;
        }

        entries.Add(("index.json", Utf8(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["digest"] = Sha(nested), ["size"] = nested.Length, ["annotations"] = annotations }),
        }.ToJsonString())));
        return Tar(entries.ToArray());
    }
}
