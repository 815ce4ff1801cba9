using Berth.Storage.Content;
using Berth.Storage.Metadata;
using Berth.Storage.Snapshots;

namespace Berth.Storage;

/// <summary>
/// The data root (--data-root, /var/lib/berth by default) and the stores in it: content/,
/// snapshots/, berth.db. The daemon opens it once and registers the four stores.
/// </summary>
public sealed class StorageRoot : IDisposable
{
    private StorageRoot(string dataRoot)
    {
        DataRoot = dataRoot;
        Content = new ContentStore(Path.Combine(dataRoot, "content"));
        Snapshots = new OverlaySnapshotter(Path.Combine(dataRoot, "snapshots"));
        Database = new MetadataDatabase(Path.Combine(dataRoot, "berth.db"));
        Images = new ImageMetadataStore(Database);
    }

    public string DataRoot { get; }

    public ContentStore Content { get; }

    public OverlaySnapshotter Snapshots { get; }

    public MetadataDatabase Database { get; }

    public ImageMetadataStore Images { get; }

    /// <summary>Creates the layout if needed (the root itself 0700: it holds every image and container) and opens the stores.</summary>
    public static StorageRoot Open(string dataRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataRoot);
        var root = Path.GetFullPath(dataRoot);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new StorageRoot(root);
    }

    /// <summary>Removes what a crash can leave behind (ingest files, half-unpacked or half-removed
    /// snapshots). Call at daemon start, before any pull, load or build runs.</summary>
    public RecoveryReport Recover() =>
        new(Content.RemoveStaleIngests(), Snapshots.RemoveStaleTemporaryDirectories());

    public void Dispose() => Database.Dispose();
}

