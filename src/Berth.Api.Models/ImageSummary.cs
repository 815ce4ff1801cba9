namespace Berth.Api.Models;

/// <summary>GET /images/json entry. Created is unix seconds; VirtualSize only for API &lt; 1.44.</summary>
public sealed class ImageSummary
{
    public string Id { get; init; } = "";
    public string ParentId { get; init; } = "";
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
    public long Created { get; init; }
    public long Size { get; init; }
    public long SharedSize { get; init; } = -1;
    public long? VirtualSize { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public int Containers { get; init; } = -1;
}
