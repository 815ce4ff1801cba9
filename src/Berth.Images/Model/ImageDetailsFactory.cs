using Berth.Core.Content;
using Berth.Core.Images;

namespace Berth.Images.Model;

/// <summary>Builds <see cref="ImageDetails"/> from a stored image, its config blob and its references.</summary>
internal sealed class ImageDetailsFactory(IContentStore content, IImageUsage usage)
{
    public async Task<ImageConfig> ReadConfigAsync(string imageId, CancellationToken cancellationToken)
    {
        await using var stream = content.OpenRead(imageId);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return ImageConfig.Parse(buffer.ToArray());
    }

    public async Task<ImageDetails> CreateAsync(StoredImage image, ImageCatalog catalog, CancellationToken cancellationToken)
    {
        var config = await ReadConfigAsync(image.Id, cancellationToken).ConfigureAwait(false);
        return Create(image, config, catalog.TagsOf(image.Id), catalog.DigestsOf(image.Id));
    }

    public ImageDetails Create(StoredImage image, ImageConfig config, IReadOnlyList<string> repoTags, IReadOnlyList<string> repoDigests) =>
        new(
            image.Id,
            repoTags,
            repoDigests,
            image.Parent ?? string.Empty,
            image.Created,
            image.Size,
            image.DiffIds,
            config.Labels,
            config.Raw,
            usage.ContainersUsing(image.Id).Count);
}
