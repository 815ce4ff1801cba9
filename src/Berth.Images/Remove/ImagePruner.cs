using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Images.Filters;
using Berth.Images.Model;

namespace Berth.Images.Remove;

/// <summary>Docker's ImagesPrune: dangling images (or, with dangling=false, every image nothing uses), filtered by until/label.</summary>
internal sealed class ImagePruner(IImageMetadataStore metadata, ImageDetailsFactory details, ImageRemover remover, ImageEvents events, TimeProvider time)
{
    public async Task<ImagePruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        FilterArgs.Validate(filters, "dangling", "label", "label!", "until");
        var danglingOnly = FilterArgs.GetBoolOrDefault(filters, "dangling", true);
        DateTimeOffset? until = null;
        foreach (var value in FilterArgs.Get(filters, "until"))
        {
            until = Timestamps.Parse(value, time.GetUtcNow());
        }

        var catalog = ImageCatalog.Load(metadata);
        var candidates = new List<StoredImage>();
        foreach (var image in catalog.Images)
        {
            var refs = catalog.ReferencesOf(image.Id);
            var hasChildren = catalog.HasChildren(image.Id);
            if (danglingOnly && hasChildren)
            {
                continue;
            }

            if (refs.Count == 0 && hasChildren)
            {
                continue;
            }

            if (until is not null && image.Created > until)
            {
                continue;
            }

            var labels = (await details.ReadConfigAsync(image.Id, cancellationToken).ConfigureAwait(false)).Labels;
            if (!FilterArgs.MatchKeyValueList(filters, "label", labels)
                || (FilterArgs.Contains(filters, "label!") && FilterArgs.MatchKeyValueList(filters, "label!", labels)))
            {
                continue;
            }

            candidates.Add(image);
        }

        var deleted = new List<ImageDeleteItem>();
        long reclaimed = 0;
        foreach (var image in candidates.OrderByDescending(i => i.Created))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var refs = catalog.ReferencesOf(image.Id);
            if (refs.Count == 0)
            {
                Accumulate(image.Id["sha256:".Length..]);
            }
            else if (!danglingOnly || refs.All(ReferenceKey.IsDigest))
            {
                foreach (var reference in refs)
                {
                    Accumulate(reference);
                }
            }
        }

        events.PublishPrune(reclaimed);
        return new ImagePruneResult(deleted, reclaimed);

        void Accumulate(string name)
        {
            try
            {
                var (records, bytes) = remover.Remove(name, force: false, prune: true);
                deleted.AddRange(records);
                reclaimed += bytes;
            }
            catch (EngineException ex) when (ex.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
            {
                // In use or already gone with an earlier candidate: Docker skips it silently.
            }
        }
    }
}
