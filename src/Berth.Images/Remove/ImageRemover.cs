using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Images.Model;
using Berth.Oci;

namespace Berth.Images.Remove;

/// <summary>
/// Docker's ImageDelete (daemon/images/image_delete.go): a reference is untagged first and the image
/// goes only when nothing else names it; by ID, several repositories need force; running
/// containers can never be forced past, stopped ones can.
/// </summary>
internal sealed class ImageRemover(IImageMetadataStore metadata, IImageUsage usage, ImageCollector collector, ImageEvents events)
{
    public (List<ImageDeleteItem> Records, long Reclaimed) Remove(string name, bool force, bool prune)
    {
        var catalog = ImageCatalog.Load(metadata);
        var image = catalog.Resolve(name);
        var id = image.Id;
        var records = new List<ImageDeleteItem>();
        var refs = catalog.ReferencesOf(id).ToList();
        var removedRepositoryReference = false;

        if (!ImageCatalog.IsIdPrefix(id, name))
        {
            if (!force && IsSingleReference(refs) && usage.ContainersUsing(id).FirstOrDefault() is { } container)
            {
                throw EngineException.Conflict(
                    $"conflict: unable to remove repository reference \"{name}\" (must force) - container {ReferenceKey.ShortId(container)} is using its referenced image {ReferenceKey.ShortId(id)}");
            }

            var key = ParseKey(name);
            Untag(id, key, records);
            refs.Remove(key);

            // Digest references of a repository whose last tag went are cleaned up with it.
            if (!ReferenceKey.IsDigest(key))
            {
                var repository = ReferenceKey.Repository(key);
                if (!refs.Any(r => !ReferenceKey.IsDigest(r) && ReferenceKey.Repository(r) == repository))
                {
                    foreach (var digestRef in refs.Where(r => ReferenceKey.IsDigest(r) && ReferenceKey.Repository(r) == repository).ToArray())
                    {
                        Untag(id, digestRef, records);
                        refs.Remove(digestRef);
                    }
                }
            }

            if (refs.Count > 0)
            {
                return (records, 0);
            }

            removedRepositoryReference = true;
        }
        else if (IsSingleReference(refs))
        {
            var mask = ConflictKinds.Hard | (force ? ConflictKinds.None : ConflictKinds.Soft & ~ConflictKinds.ActiveReference);
            if (CheckConflict(id, mask) is { } conflict)
            {
                throw conflict.ToException();
            }

            foreach (var reference in refs)
            {
                Untag(id, reference, records);
            }
        }

        var reclaimed = DeleteHelper(image, records, force, prune, removedRepositoryReference);
        return (records, reclaimed);
    }

    private long DeleteHelper(StoredImage image, List<ImageDeleteItem> records, bool force, bool prune, bool quiet)
    {
        var mask = ConflictKinds.Hard | (force ? ConflictKinds.None : ConflictKinds.Soft);
        if (CheckConflict(image.Id, mask) is { } conflict)
        {
            // After an untag, a conflict only matters when it leaves a dangling, unused image behind.
            if (quiet && (!IsDangling(image.Id) || conflict.Used))
            {
                return 0;
            }

            throw conflict.ToException();
        }

        foreach (var reference in ReferencesOf(image.Id))
        {
            Untag(image.Id, reference, records);
        }

        var (removedLayers, reclaimed) = collector.Delete(image);
        events.Publish("delete", image.Id, image.Id);
        records.Add(new ImageDeleteItem(null, image.Id));
        records.AddRange(removedLayers.Select(l => new ImageDeleteItem(null, l)));

        if (prune && image.Parent is not null && metadata.Get(image.Parent) is { } parent)
        {
            reclaimed += DeleteHelper(parent, records, force: false, prune: true, quiet: true);
        }

        return reclaimed;
    }

    private DeleteConflict? CheckConflict(string id, ConflictKinds mask)
    {
        if (mask.HasFlag(ConflictKinds.DependentChild) && metadata.List().Any(i => i.Parent == id))
        {
            return new DeleteConflict(id, Hard: true, Used: false, "image has dependent child images");
        }

        var running = usage.RunningContainersUsing(id);
        if (mask.HasFlag(ConflictKinds.RunningContainer) && running.Count > 0)
        {
            return new DeleteConflict(id, Hard: true, Used: true, $"image is being used by running container {ReferenceKey.ShortId(running[0])}");
        }

        if (mask.HasFlag(ConflictKinds.ActiveReference) && ReferencesOf(id).Count > 0)
        {
            return new DeleteConflict(id, Hard: false, Used: false, "image is referenced in multiple repositories");
        }

        if (mask.HasFlag(ConflictKinds.StoppedContainer) && usage.ContainersUsing(id).Except(running).FirstOrDefault() is { } stopped)
        {
            return new DeleteConflict(id, Hard: false, Used: true, $"image is being used by stopped container {ReferenceKey.ShortId(stopped)}");
        }

        return null;
    }

    private bool IsDangling(string id) => ReferencesOf(id).Count == 0 && !metadata.List().Any(i => i.Parent == id);

    private List<string> ReferencesOf(string id) =>
        metadata.ListReferences().Where(r => r.ImageId == id).Select(r => r.Reference).Order(StringComparer.Ordinal).ToList();

    private void Untag(string id, string key, List<ImageDeleteItem> records)
    {
        metadata.RemoveReference(key);
        events.Publish("untag", id, id);
        records.Add(new ImageDeleteItem(key, null));
    }

    private static string ParseKey(string name)
    {
        try
        {
            return ReferenceKey.For(ImageReference.ParseNormalized(name));
        }
        catch (FormatException ex)
        {
            throw EngineException.InvalidArgument(ex.Message);
        }
    }

    /// <summary>Docker's isSingleReference: one tag, plus possibly digests of that same repository only.</summary>
    private static bool IsSingleReference(IReadOnlyList<string> refs)
    {
        if (refs.Count <= 1)
        {
            return refs.Count == 1;
        }

        string? single = null;
        var digestRepositories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in refs)
        {
            if (ReferenceKey.IsDigest(reference))
            {
                digestRepositories.Add(ReferenceKey.Repository(reference));
            }
            else if (single is null)
            {
                single = reference;
            }
            else
            {
                return false;
            }
        }

        single ??= refs[0];
        return digestRepositories.Count == 1 && digestRepositories.Contains(ReferenceKey.Repository(single));
    }
}
