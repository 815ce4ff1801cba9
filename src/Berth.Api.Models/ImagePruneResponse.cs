namespace Berth.Api.Models;

public sealed class ImagePruneResponse
{
    public IReadOnlyList<ImageDeleteResponseItem>? ImagesDeleted { get; init; }
    public long SpaceReclaimed { get; init; }
}
