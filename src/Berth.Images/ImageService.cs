using Berth.Core.Content;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Images.Archive;
using Berth.Images.Concurrency;
using Berth.Images.Create;
using Berth.Images.Filters;
using Berth.Images.Layers;
using Berth.Images.Model;
using Berth.Images.Remove;

namespace Berth.Images;

/// <summary>
/// The image engine (images, inspect, history, tag, rmi, prune, import, load, save, commit) over
/// the content store, the snapshotter and the image metadata. Operations that change images or
/// layers run one at a time (the store lock held exclusively), so a deletion never collects a layer
/// a concurrent load just relied on; archives streaming in or out hold it shared, and plain reads
/// never wait.
/// </summary>
public sealed class ImageService : IImageService
{
    private readonly AsyncReaderWriterLock _storeLock = new();
    private readonly IImageMetadataStore _metadata;
    private readonly ImageEvents _events;
    private readonly ImageDetailsFactory _details;
    private readonly LayerUnpacker _unpacker;
    private readonly ImageListing _listing;
    private readonly HistoryBuilder _history;
    private readonly ImageRemover _remover;
    private readonly ImagePruner _pruner;
    private readonly ImageImporter _importer;
    private readonly ImageCommitter _committer;
    private readonly ImageLoader _loader;
    private readonly ImageSaver _saver;

    public ImageService(IContentStore content, ISnapshotter snapshots, IImageMetadataStore metadata, IImageUsage usage, IEventSink events, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(events);
        time ??= TimeProvider.System;

        _metadata = metadata;
        _events = new ImageEvents(events, time);
        _details = new ImageDetailsFactory(content, usage);
        _unpacker = new LayerUnpacker(content, snapshots);
        var janitor = new BlobJanitor(content, metadata);
        var writer = new ImageWriter(content, snapshots, metadata, _unpacker);
        var ingest = new LayerIngest(content, _unpacker, janitor);
        _listing = new ImageListing(metadata, _details, time);
        _history = new HistoryBuilder(snapshots, _details);
        _remover = new ImageRemover(metadata, usage, new ImageCollector(content, snapshots, metadata, usage), _events);
        _pruner = new ImagePruner(metadata, _details, _remover, _events, time);
        _importer = new ImageImporter(ingest, writer, janitor, time);
        _committer = new ImageCommitter(metadata, _details, ingest, writer, janitor, time);
        _loader = new ImageLoader(content, metadata, writer, janitor, _events);
        _saver = new ImageSaver(content, _unpacker, _events);
    }

    public Task<IReadOnlyList<ImageDetails>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken) =>
        _listing.ListAsync(filters, all, cancellationToken);

    public Task<ImageDetails> GetAsync(string name, CancellationToken cancellationToken)
    {
        var catalog = ImageCatalog.Load(_metadata);
        return _details.CreateAsync(catalog.Resolve(name), catalog, cancellationToken);
    }

    public Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken cancellationToken)
    {
        var catalog = ImageCatalog.Load(_metadata);
        return _history.BuildAsync(catalog.Resolve(name), catalog, cancellationToken);
    }

    public async Task TagAsync(string source, string repository, string? tag, CancellationToken cancellationToken)
    {
        // Docker validates the new name before looking up the source.
        var reference = TargetReference.Parse(repository, tag);
        await using (await _storeLock.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            var image = ImageCatalog.Load(_metadata).Resolve(source);
            _metadata.SetReference(reference, image.Id);
            var labels = (await _details.ReadConfigAsync(image.Id, cancellationToken).ConfigureAwait(false)).Labels;
            _events.Publish("tag", image.Id, reference, labels);
        }
    }

    public Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, bool force, bool noPrune, CancellationToken cancellationToken) =>
        WithLockAsync<IReadOnlyList<ImageDeleteItem>>(() => Task.FromResult<IReadOnlyList<ImageDeleteItem>>(_remover.Remove(name, force, !noPrune).Records), cancellationToken);

    public Task<ImagePruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken) =>
        WithLockAsync(() => _pruner.PruneAsync(filters, cancellationToken), cancellationToken);

    public Task<ImageDetails> ImportAsync(Stream rootfsTar, ImportOptions options, CancellationToken cancellationToken) =>
        WithLockAsync(async () =>
        {
            var image = await _importer.ImportAsync(rootfsTar, options, cancellationToken).ConfigureAwait(false);
            _events.Publish("import", image.Id, image.Id);
            return await DetailsAsync(image, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<IReadOnlyList<ImageDetails>> LoadAsync(Stream archive, Action<string> progress, CancellationToken cancellationToken)
    {
        var images = await _loader.LoadAsync(archive, progress, _storeLock, cancellationToken).ConfigureAwait(false);
        var result = new List<ImageDetails>(images.Count);
        foreach (var image in images)
        {
            result.Add(await DetailsAsync(image, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>Holds the store lock shared while streaming: nothing it reads can be collected,
    /// and a load fed by this very output (save | load) is not blocked.</summary>
    public async Task SaveAsync(IReadOnlyList<string> names, Stream output, CancellationToken cancellationToken)
    {
        await using (await _storeLock.EnterSharedAsync(cancellationToken).ConfigureAwait(false))
        {
            var selection = SaveSelection.Resolve(ImageCatalog.Load(_metadata), names);
            await _saver.SaveAsync(selection, output, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ImageRootfs> ResolveRootfsAsync(string name, CancellationToken cancellationToken) =>
        WithLockAsync(async () =>
        {
            var catalog = ImageCatalog.Load(_metadata);
            var image = catalog.Resolve(name);
            var created = new List<string>();
            try
            {
                await _unpacker.UnpackAsync(image.DiffIds, image.LayerBlobs.Select(b => b.Digest).ToArray(), created, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _unpacker.Rollback(created);
                throw;
            }

            return new ImageRootfs(await _details.CreateAsync(image, catalog, cancellationToken).ConfigureAwait(false), image.ChainIds);
        }, cancellationToken);

    public Task<ImageDetails> CommitAsync(CommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WithLockAsync(async () =>
        {
            var image = await _committer.CommitAsync(request, cancellationToken).ConfigureAwait(false);
            return await DetailsAsync(image, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private Task<ImageDetails> DetailsAsync(StoredImage image, CancellationToken cancellationToken) =>
        _details.CreateAsync(image, ImageCatalog.Load(_metadata), cancellationToken);

    private async Task<T> WithLockAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await using (await _storeLock.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            return await action().ConfigureAwait(false);
        }
    }
}
