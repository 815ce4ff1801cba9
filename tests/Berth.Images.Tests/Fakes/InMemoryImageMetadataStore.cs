using Berth.Core.Images;

namespace Berth.Images.Tests.Fakes;

internal sealed class InMemoryImageMetadataStore : IImageMetadataStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredImage> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);

    public StoredImage? Get(string id)
    {
        lock (_gate)
        {
            return _images.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<StoredImage> List()
    {
        lock (_gate)
        {
            return _images.Values.ToArray();
        }
    }

    public IReadOnlyList<ImageReferenceRow> ListReferences()
    {
        lock (_gate)
        {
            return _references.Select(r => new ImageReferenceRow(r.Key, r.Value)).ToArray();
        }
    }

    public void PutImage(StoredImage image, IReadOnlyList<string> references)
    {
        lock (_gate)
        {
            _images.TryAdd(image.Id, image);
            foreach (var reference in references)
            {
                _references[reference] = image.Id;
            }
        }
    }

    public void SetReference(string reference, string imageId)
    {
        lock (_gate)
        {
            if (!_images.ContainsKey(imageId))
            {
                throw new InvalidOperationException("no such image");
            }

            _references[reference] = imageId;
        }
    }

    public bool RemoveReference(string reference)
    {
        lock (_gate)
        {
            return _references.Remove(reference);
        }
    }

    public void DeleteImage(string id)
    {
        lock (_gate)
        {
            _images.Remove(id);
            foreach (var key in _references.Where(r => r.Value == id).Select(r => r.Key).ToArray())
            {
                _references.Remove(key);
            }
        }
    }
}
