using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Errors;
using Berth.Images.Config;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// OCI image-layout archives: index.json → manifests (or nested indexes, of which the host
/// platform's manifest is taken) → config + layers under blobs/&lt;alg&gt;/&lt;hex&gt;. Names come from the
/// "io.containerd.image.name" annotation, or "org.opencontainers.image.ref.name" when it is a full
/// reference rather than a bare tag.
/// </summary>
internal static class OciLayoutReader
{
    public const string IndexFile = "index.json";
    private const string ContainerdNameAnnotation = "io.containerd.image.name";
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const int MaxIndexDepth = 4;

    public static async Task<IReadOnlyList<LoadCandidate>> ReadAsync(ArchiveSpool spool, CancellationToken cancellationToken)
    {
        var index = await ReadJsonAsync(spool, spool.Get(IndexFile), cancellationToken).ConfigureAwait(false);
        var byManifest = new Dictionary<string, (LoadCandidate Candidate, List<string> References)>(StringComparer.Ordinal);
        foreach (var descriptor in Descriptors(index))
        {
            var manifest = await FindManifestAsync(spool, descriptor, 0, cancellationToken).ConfigureAwait(false);
            if (manifest is null)
            {
                continue;
            }

            var (digest, file) = manifest.Value;
            if (!byManifest.TryGetValue(digest, out var found))
            {
                found = (await ReadManifestAsync(spool, file, digest, cancellationToken).ConfigureAwait(false), []);
                byManifest[digest] = found;
            }

            if (NameOf(descriptor) is { } name && !found.References.Contains(name))
            {
                found.References.Add(name);
            }
        }

        if (byManifest.Count == 0)
        {
            throw EngineException.InvalidArgument($"invalid archive: no image manifest for linux/{HostPlatform.Architecture} found in index.json");
        }

        return byManifest.Values.Select(v => v.Candidate with { References = v.References }).ToArray();
    }

    private static async Task<(string Digest, SpooledFile File)?> FindManifestAsync(ArchiveSpool spool, JsonObject descriptor, int depth, CancellationToken cancellationToken)
    {
        var mediaType = String(descriptor["mediaType"]) ?? MediaTypes.OciManifest;
        var digest = String(descriptor["digest"]) ?? throw EngineException.InvalidArgument("invalid index.json: descriptor without digest");
        var file = spool.Find(BlobPath(digest));
        if (file is null)
        {
            return null;
        }

        if (!MediaTypes.IsIndex(mediaType))
        {
            return MediaTypes.IsManifest(mediaType) ? (digest, file) : null;
        }

        if (depth >= MaxIndexDepth)
        {
            throw EngineException.InvalidArgument("invalid archive: image indexes nested too deeply");
        }

        var nested = await ReadJsonAsync(spool, file, cancellationToken).ConfigureAwait(false);
        foreach (var child in Descriptors(nested).Where(MatchesHost))
        {
            if (await FindManifestAsync(spool, child, depth + 1, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static async Task<LoadCandidate> ReadManifestAsync(ArchiveSpool spool, SpooledFile file, string digest, CancellationToken cancellationToken)
    {
        var manifest = await ReadJsonAsync(spool, file, cancellationToken).ConfigureAwait(false);
        var configDigest = String(manifest["config"]?["digest"]) ?? throw EngineException.InvalidArgument($"invalid manifest {digest}: no config");
        var layers = new List<LoadLayer>();
        foreach (var layer in (manifest["layers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var layerDigest = String(layer["digest"]) ?? throw EngineException.InvalidArgument($"invalid manifest {digest}: layer without digest");
            var layerFile = spool.Find(BlobPath(layerDigest)) ?? throw EngineException.InvalidArgument($"invalid archive: layer blob {layerDigest} not found");
            layers.Add(new LoadLayer(layerFile, layerDigest, String(layer["mediaType"])));
        }

        var config = spool.Find(BlobPath(configDigest)) ?? throw EngineException.InvalidArgument($"invalid archive: config blob {configDigest} not found");
        return new LoadCandidate(config, configDigest, layers, [], file, digest);
    }

    private static string? NameOf(JsonObject descriptor)
    {
        var annotations = descriptor["annotations"] as JsonObject;
        var name = String(annotations?[ContainerdNameAnnotation]);
        if (name is null && String(annotations?[RefNameAnnotation]) is { } refName && (refName.Contains('/') || refName.Contains(':')))
        {
            name = refName;
        }

        if (name is null)
        {
            return null;
        }

        try
        {
            var reference = ImageReference.ParseNormalized(name);
            return reference.Tag is null && reference.Digest is null ? null : ReferenceKey.For(reference);
        }
        catch (FormatException ex)
        {
            throw EngineException.InvalidArgument(ex.Message);
        }
    }

    private static bool MatchesHost(JsonObject descriptor) =>
        descriptor["platform"] is not JsonObject platform
        || (String(platform["os"]) is null or "linux" && String(platform["architecture"]) is var arch && (arch is null || arch == HostPlatform.Architecture));

    private static IEnumerable<JsonObject> Descriptors(JsonObject index) => (index["manifests"] as JsonArray ?? []).OfType<JsonObject>();

    private static string BlobPath(string digest)
    {
        var colon = digest.IndexOf(':');
        return colon <= 0 ? digest : "blobs/" + digest[..colon] + "/" + digest[(colon + 1)..];
    }

    private static async Task<JsonObject> ReadJsonAsync(ArchiveSpool spool, SpooledFile file, CancellationToken cancellationToken)
    {
        try
        {
            return JsonNode.Parse(await spool.ReadAllAsync(file, cancellationToken).ConfigureAwait(false)) as JsonObject
                ?? throw EngineException.InvalidArgument($"invalid archive: {file.Path} is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw EngineException.InvalidArgument($"invalid archive: {file.Path}: {ex.Message}");
        }
    }

    private static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
