using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Oci;

namespace Berth.Images.Model;

/// <summary>
/// A consistent read of the image metadata (images, references, parent links) for one operation,
/// with Docker's name resolution (daemon/images GetImage): reference first, then ID or ID prefix.
/// </summary>
internal sealed class ImageCatalog
{
    private readonly Dictionary<string, StoredImage> _images;
    private readonly Dictionary<string, string> _imageByReference;
    private readonly Dictionary<string, List<string>> _referencesByImage;

    private ImageCatalog(IReadOnlyList<StoredImage> images, IReadOnlyList<ImageReferenceRow> references)
    {
        _images = images.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _imageByReference = new Dictionary<string, string>(StringComparer.Ordinal);
        _referencesByImage = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in references)
        {
            _imageByReference[row.Reference] = row.ImageId;
            if (!_referencesByImage.TryGetValue(row.ImageId, out var list))
            {
                _referencesByImage[row.ImageId] = list = [];
            }

            list.Add(row.Reference);
        }

        foreach (var list in _referencesByImage.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }
    }

    public static ImageCatalog Load(IImageMetadataStore metadata) => new(metadata.List(), metadata.ListReferences());

    public IReadOnlyCollection<StoredImage> Images => _images.Values;

    public StoredImage? Find(string id) => _images.GetValueOrDefault(id);

    /// <summary>Stored reference keys of an image, sorted.</summary>
    public IReadOnlyList<string> ReferencesOf(string id) => _referencesByImage.TryGetValue(id, out var list) ? list : [];

    public IReadOnlyList<string> TagsOf(string id) => ReferencesOf(id).Where(r => !ReferenceKey.IsDigest(r)).ToArray();

    public IReadOnlyList<string> DigestsOf(string id) => ReferencesOf(id).Where(ReferenceKey.IsDigest).ToArray();

    public string? ImageOf(string referenceKey) => _imageByReference.GetValueOrDefault(referenceKey);

    public IReadOnlyList<KeyValuePair<string, string>> AllReferences => _imageByReference.ToArray();

    public bool HasChildren(string id) => _images.Values.Any(i => i.Parent == id);

    /// <summary>Resolves a user-given name or throws NotFound "No such image: ..." / InvalidArgument for a malformed name.</summary>
    public StoredImage Resolve(string name)
    {
        if (IsFullHexId(name))
        {
            return Find(Digest.Sha256Prefix + name) ?? throw EngineException.NotFound($"No such image: {Digest.Sha256Prefix}{name}");
        }

        ImageReference reference;
        try
        {
            reference = ImageReference.ParseNormalized(name);
        }
        catch (FormatException ex)
        {
            throw EngineException.InvalidArgument(ex.Message);
        }

        var byReference = ImageOf(ReferenceKey.For(reference));
        if (byReference is not null && Find(byReference) is { } image)
        {
            return image;
        }

        return SearchId(name) ?? throw EngineException.NotFound($"No such image: {DisplayName(reference)}");
    }

    public StoredImage? TryResolve(string name)
    {
        try
        {
            return Resolve(name);
        }
        catch (EngineException)
        {
            return null;
        }
    }

    /// <summary>Docker's isImageIDPrefix: was the name an ID (prefix) of this image rather than a reference?</summary>
    public static bool IsIdPrefix(string imageId, string name) =>
        imageId.StartsWith(name, StringComparison.Ordinal)
        || imageId.AsSpan(imageId.IndexOf(':') + 1).StartsWith(name, StringComparison.Ordinal);

    /// <summary>The image with this unique ID prefix ("sha256:" optional), as Docker's digest set lookup.</summary>
    private StoredImage? SearchId(string term)
    {
        var hex = term.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? term[Digest.Sha256Prefix.Length..] : term;
        if (hex.Length == 0)
        {
            return null;
        }

        StoredImage? found = null;
        foreach (var image in _images.Values)
        {
            if (image.Id.AsSpan(Digest.Sha256Prefix.Length).StartsWith(hex, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }

                found = image;
            }
        }

        return found;
    }

    private static string DisplayName(ImageReference reference) =>
        reference.Tag is null && reference.Digest is null ? reference.WithTag(ImageReference.DefaultTag).FamiliarName : reference.FamiliarName;

    private static bool IsFullHexId(string name) =>
        name.Length == 64 && name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
