namespace Berth.Api.Models;

public sealed class ImageMetadata
{
    public string? LastTagTime { get; init; }
}
