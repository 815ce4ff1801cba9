using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Core.Errors;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// docker-save archives: manifest.json lists [{Config, RepoTags, Layers}], with layers as
/// "&lt;v1id&gt;/layer.tar" (Docker ≤ 24) or "blobs/sha256/&lt;hex&gt;" (Docker 25+).
/// </summary>
internal static class DockerArchiveReader
{
    public const string ManifestFile = "manifest.json";

    public static async Task<IReadOnlyList<LoadCandidate>> ReadAsync(ArchiveSpool spool, CancellationToken cancellationToken)
    {
        var bytes = await spool.ReadAllAsync(spool.Get(ManifestFile), cancellationToken).ConfigureAwait(false);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw EngineException.InvalidArgument($"invalid manifest.json: {ex.Message}");
        }

        if (root is not JsonArray items)
        {
            throw EngineException.InvalidArgument("invalid manifest, manifest cannot be null (but can be [])");
        }

        var candidates = new List<LoadCandidate>();
        foreach (var item in items)
        {
            if (item is not JsonObject entry || String(entry["Config"]) is not { } configPath)
            {
                throw EngineException.InvalidArgument("invalid manifest.json: entry without Config");
            }

            var layers = (entry["Layers"] as JsonArray ?? [])
                .Select(l => new LoadLayer(spool.Get(String(l) ?? string.Empty), null, null))
                .ToArray();
            var references = (entry["RepoTags"] as JsonArray ?? []).Select(t => TagKey(String(t) ?? string.Empty)).ToArray();
            candidates.Add(new LoadCandidate(spool.Get(configPath), null, layers, references, null, null));
        }

        return candidates;
    }

    /// <summary>A RepoTags entry must be a tagged name ("invalid tag" otherwise, as Docker).</summary>
    private static string TagKey(string repoTag)
    {
        ImageReference reference;
        try
        {
            reference = ImageReference.ParseNormalized(repoTag);
        }
        catch (FormatException ex)
        {
            throw EngineException.InvalidArgument(ex.Message);
        }

        if (reference.Tag is null || reference.Digest is not null)
        {
            throw EngineException.InvalidArgument($"invalid tag \"{repoTag}\"");
        }

        return ReferenceKey.For(reference);
    }

    private static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
