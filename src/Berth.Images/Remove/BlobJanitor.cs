using Berth.Core.Content;
using Berth.Core.Images;

namespace Berth.Images.Remove;

/// <summary>
/// Deletes blobs that a failed or finished operation wrote but no stored image references. Callers
/// hold the service's write lock, so no other operation can be about to reference them.
/// </summary>
internal sealed class BlobJanitor(IContentStore content, IImageMetadataStore metadata)
{
    public void DeleteUnreferenced(IEnumerable<string> digests)
    {
        HashSet<string>? used = null;
        foreach (var digest in digests)
        {
            used ??= metadata.List().SelectMany(ImageCollector.BlobsOf).ToHashSet(StringComparer.Ordinal);
            if (!used.Contains(digest))
            {
                content.Delete(digest);
            }
        }
    }
}
