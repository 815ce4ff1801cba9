namespace Berth.Api.Models;

/// <summary>GET /images/{name}/json. Created is RFC 3339 with nanoseconds, as Docker prints it.</summary>
public sealed class ImageInspect
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
    public string Parent { get; init; } = "";
    public string Comment { get; init; } = "";
    public string? Created { get; init; }
    public string DockerVersion { get; init; } = "";
    public string Author { get; init; } = "";
    public ImageConfig? Config { get; init; }
    public string Architecture { get; init; } = "";
    public string? Variant { get; init; }
    public string Os { get; init; } = "";
    public string? OsVersion { get; init; }
    public long Size { get; init; }
    public long? VirtualSize { get; init; }
    public GraphDriverData GraphDriver { get; init; } = new();
    public ImageRootFs RootFS { get; init; } = new();
    public ImageMetadata Metadata { get; init; } = new();
}
