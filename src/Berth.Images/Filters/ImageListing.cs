using Berth.Core.Images;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Filters;

/// <summary>Docker's image list (daemon/images/images.go Images): dangling, label, before/since, until and reference filters.</summary>
internal sealed class ImageListing(IImageMetadataStore metadata, ImageDetailsFactory details, TimeProvider time)
{
    public async Task<IReadOnlyList<ImageDetails>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken)
    {
        FilterArgs.Validate(filters, "dangling", "label", "before", "since", "reference", "until");
        var danglingOnly = FilterArgs.GetBoolOrDefault(filters, "dangling", false);
        var catalog = ImageCatalog.Load(metadata);

        DateTimeOffset? before = null, since = null, until = null;
        foreach (var value in FilterArgs.Get(filters, "before"))
        {
            var created = catalog.Resolve(value).Created;
            before = before is null || created < before ? created : before;
        }

        foreach (var value in FilterArgs.Get(filters, "since"))
        {
            var created = catalog.Resolve(value).Created;
            since = since is null || created > since ? created : since;
        }

        foreach (var value in FilterArgs.Get(filters, "until"))
        {
            var ts = Timestamps.Parse(value, time.GetUtcNow());
            until = until is null || ts < until ? ts : until;
        }

        var patterns = FilterArgs.Get(filters, "reference");
        var result = new List<ImageDetails>();
        foreach (var image in catalog.Images.OrderByDescending(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            var hasChildren = catalog.HasChildren(image.Id);
            if (danglingOnly && hasChildren)
            {
                continue;
            }

            if ((before is not null && image.Created >= before) || (since is not null && image.Created <= since) || (until is not null && image.Created > until))
            {
                continue;
            }

            var config = await details.ReadConfigAsync(image.Id, cancellationToken).ConfigureAwait(false);
            if (FilterArgs.Contains(filters, "label") && !FilterArgs.MatchKeyValueList(filters, "label", config.Labels))
            {
                continue;
            }

            var tags = new List<string>();
            var digests = new List<string>();
            foreach (var reference in catalog.ReferencesOf(image.Id))
            {
                if (patterns.Count > 0 && !patterns.Any(p => MatchesReference(p, reference)))
                {
                    continue;
                }

                (ReferenceKey.IsDigest(reference) ? digests : tags).Add(reference);
            }

            if (tags.Count == 0 && digests.Count == 0)
            {
                // Untagged images with children are intermediate build steps: only --all shows them.
                if (!(all || !hasChildren) || (FilterArgs.Contains(filters, "dangling") && !danglingOnly) || patterns.Count > 0)
                {
                    continue;
                }
            }
            else if (danglingOnly && tags.Count > 0)
            {
                continue;
            }

            result.Add(details.Create(image, config, tags, digests));
        }

        return result;
    }

    /// <summary>reference.FamiliarMatch: the pattern against "repo:tag", then against "repo" alone.</summary>
    private static bool MatchesReference(string pattern, string referenceKey) =>
        GoPathMatch.IsMatch(pattern, referenceKey) || GoPathMatch.IsMatch(pattern, ReferenceKey.Repository(referenceKey));
}
