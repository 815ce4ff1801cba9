namespace Berth.Api.Models;

public sealed class ImageDeleteResponseItem
{
    public string? Untagged { get; init; }
    public string? Deleted { get; init; }
}
