using System.Text.Json;
using Berth.Api.Models;
using Berth.Api.Versioning;
using Berth.Core.Images;
using Berth.Core.Snapshots;

namespace Berth.Api.Images;

/// <summary>Engine image records → Docker wire shapes, honouring what older API versions expect.</summary>
internal static class ImageProjection
{
    private static readonly ApiVersion NoVirtualSize = new(1, 44);

    public static ImageSummary Summary(ImageDetails image, ApiVersion version, long sharedSize = -1) => new()
    {
        Id = image.Id,
        ParentId = image.Parent,
        RepoTags = image.RepoTags,
        RepoDigests = image.RepoDigests,
        Created = image.Created.ToUnixTimeSeconds(),
        Size = image.Size,
        SharedSize = sharedSize,
        VirtualSize = version < NoVirtualSize ? image.Size : null,
        Labels = image.Labels.Count == 0 ? null : image.Labels,
        Containers = image.Containers,
    };

    public static ImageInspect Inspect(ImageDetails image, ApiVersion version, ISnapshotter? snapshotter)
    {
        using var document = ParseConfig(image.ConfigJson);
        var root = document?.RootElement ?? default;
        return new ImageInspect
        {
            Id = image.Id,
            RepoTags = image.RepoTags,
            RepoDigests = image.RepoDigests,
            Parent = image.Parent,
            Comment = Text(root, "comment") ?? "",
            Created = Text(root, "created") ?? Rfc3339.Utc(image.Created),
            DockerVersion = Text(root, "docker_version") ?? "",
            Author = Text(root, "author") ?? "",
            Config = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                ? config.Deserialize(BerthJsonContext.Default.ImageConfig)
                : null,
            Architecture = Text(root, "architecture") ?? "",
            Variant = Text(root, "variant"),
            Os = Text(root, "os") ?? "linux",
            OsVersion = Text(root, "os.version"),
            Size = image.Size,
            VirtualSize = version < NoVirtualSize ? image.Size : null,
            GraphDriver = new GraphDriverData { Name = "overlay2", Data = LayerDirs(image, snapshotter) },
            RootFS = new ImageRootFs { Type = "layers", Layers = image.DiffIds },
        };
    }

    public static ImageHistoryItem History(ImageHistoryEntry entry) => new()
    {
        Id = entry.Id,
        Created = entry.Created.ToUnixTimeSeconds(),
        CreatedBy = entry.CreatedBy,
        Tags = entry.Tags,
        Size = entry.Size,
        Comment = entry.Comment,
    };

    public static ImageDeleteResponseItem Delete(ImageDeleteItem item) => new() { Untagged = item.Untagged, Deleted = item.Deleted };

    /// <summary>overlay2's shape: the top layer as UpperDir, the rest (top first) as LowerDir.</summary>
    private static Dictionary<string, string> LayerDirs(ImageDetails image, ISnapshotter? snapshotter)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (snapshotter is null || image.DiffIds.Count == 0)
        {
            return data;
        }

        var chain = Berth.Oci.ChainId.Compute(image.DiffIds);
        if (!chain.All(snapshotter.Exists))
        {
            return data;
        }

        data["UpperDir"] = snapshotter.GetLayerPath(chain[^1]);
        if (chain.Count > 1)
        {
            data["LowerDir"] = string.Join(':', chain.Take(chain.Count - 1).Reverse().Select(snapshotter.GetLayerPath));
        }

        return data;
    }

    private static JsonDocument? ParseConfig(ReadOnlyMemory<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null; // inspect still shows what the database knows
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
