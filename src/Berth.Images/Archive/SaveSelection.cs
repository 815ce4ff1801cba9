using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Archive;

/// <summary>
/// Which images and tags `save` writes, as Docker's parseNames: "repo" means every tag of that
/// repository, "repo:tag" that tag, an ID (or digest reference) the image without tags. Every name
/// is resolved before the archive is started, so an unknown one fails with nothing written.
/// </summary>
internal static class SaveSelection
{
    public static IReadOnlyList<(StoredImage Image, List<string> Tags)> Resolve(ImageCatalog catalog, IReadOnlyList<string> names)
    {
        var order = new List<(StoredImage Image, List<string> Tags)>();
        void Add(StoredImage image, string? tag)
        {
            var index = order.FindIndex(o => o.Image.Id == image.Id);
            if (index < 0)
            {
                order.Add((image, []));
                index = order.Count - 1;
            }

            if (tag is not null && !order[index].Tags.Contains(tag))
            {
                order[index].Tags.Add(tag);
            }
        }

        foreach (var name in names)
        {
            if (name.Length == 64 && name.All(char.IsAsciiHexDigitLower))
            {
                Add(catalog.Resolve(name), null);
                continue;
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

            if (reference.FamiliarRepository == "sha256")
            {
                Add(catalog.Resolve(name), null);
            }
            else if (reference.Tag is null && reference.Digest is null)
            {
                var matches = catalog.AllReferences
                    .Where(r => ReferenceKey.Repository(r.Key) == reference.FamiliarRepository)
                    .OrderBy(r => r.Key, StringComparer.Ordinal)
                    .ToArray();
                foreach (var (key, imageId) in matches)
                {
                    if (catalog.Find(imageId) is { } image)
                    {
                        Add(image, ReferenceKey.IsDigest(key) ? null : key);
                    }
                }

                if (matches.Length == 0)
                {
                    Add(catalog.Resolve(name), null);
                }
            }
            else
            {
                var key = ReferenceKey.For(reference);
                var image = catalog.ImageOf(key) is { } id ? catalog.Find(id) : null;
                Add(image ?? throw EngineException.NotFound($"No such image: {reference.FamiliarName}"), reference.Digest is null ? key : null);
            }
        }

        return order;
    }
}
