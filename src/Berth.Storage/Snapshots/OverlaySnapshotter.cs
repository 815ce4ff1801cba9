using Berth.Core.Errors;
using Berth.Core.Snapshots;
using Berth.Linux.Files;
using Berth.Oci;
using Berth.Storage.IO;

namespace Berth.Storage.Snapshots;

/// <summary>
/// <see cref="ISnapshotter"/> for kernel overlayfs. Layer with chain ID sha256:&lt;hex&gt; lives in
/// snapshots/&lt;first 12 hex&gt;/fs, with layer.json beside it naming the full chain ID.
/// <para>
/// Why short names: all lower dirs go into one mount option string, which the kernel limits to a
/// page (4096 bytes). Docker's overlay2 solves it with l/&lt;26 chars&gt; symlinks and a chdir before
/// mount; a snapshotter here only describes mounts (the runtime mounts), so paths must be absolute,
/// and the short directory name itself is the saving: "/var/lib/berth/snapshots/0123456789ab/fs" is
/// 41 bytes, so roughly 90 layers fit beside the upper and work dirs (a 64-hex name would allow ~30).
/// On the (2^-48) chance two chain IDs share 12 hex characters, the later one gets 13, 14, ... .
/// </para>
/// Unpacking goes to snapshots/.tmp-&lt;guid&gt; and is renamed into place when complete, so a
/// snapshot directory is always whole; <see cref="RemoveStaleTemporaryDirectories"/> cleans up after a crash.
/// </summary>
public sealed class OverlaySnapshotter : ISnapshotter
{
    private const int ShortIdLength = 12;
    private const string TempPrefix = ".tmp-";
    private const string FsDirectory = "fs";
    private readonly Lock _commitLock = new();

    /// <summary>Opens (and creates) the snapshot directory, normally &lt;data-root&gt;/snapshots.</summary>
    public OverlaySnapshotter(string snapshotsRoot)
    {
        Root = Path.GetFullPath(snapshotsRoot);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public bool Exists(string chainId) => Find(chainId) is not null;

    public string GetLayerPath(string chainId) => Path.Combine(Require(chainId).Directory, FsDirectory);

    public long GetLayerSize(string chainId) => Require(chainId).Info.Size;

    /// <summary>The diff ID recorded when the layer was unpacked.</summary>
    public string GetDiffId(string chainId) => Require(chainId).Info.DiffId;

    public async Task<string> ApplyLayerAsync(string chainId, string? parentChainId, Stream uncompressedTar, CancellationToken cancellationToken)
    {
        var chain = ParseChainId(chainId);
        ArgumentNullException.ThrowIfNull(uncompressedTar);
        if (parentChainId is not null && !Exists(parentChainId))
        {
            throw EngineException.NotFound($"parent snapshot {parentChainId} does not exist");
        }

        using var hashing = new HashingReadStream(uncompressedTar);
        if (Exists(chain))
        {
            // Already unpacked: only the diff ID of this stream is wanted.
            return (await hashing.DrainAndGetDigestAsync(cancellationToken).ConfigureAwait(false)).ToString();
        }

        var temp = Path.Combine(Root, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            var fs = Path.Combine(temp, FsDirectory);
            Directory.CreateDirectory(fs);
            var unpacker = new LayerUnpacker(fs);
            await unpacker.UnpackAsync(hashing, cancellationToken).ConfigureAwait(false);
            var diffId = (await hashing.DrainAndGetDigestAsync(cancellationToken).ConfigureAwait(false)).ToString();

            new SnapshotInfo(chain, parentChainId, diffId, unpacker.Size).Write(temp);
            FileSync.SyncFileSystem(temp);
            Commit(chain, temp);
            return diffId;
        }
        catch (IOException e)
        {
            throw EngineException.Internal($"failed to register layer: {e.Message}", e);
        }
        finally
        {
            DeleteIfExists(temp);
        }
    }

    public void Remove(string chainId)
    {
        var found = Find(ParseChainId(chainId));
        if (found is null)
        {
            return;
        }

        // Rename first so a crash mid-delete leaves a temp dir (cleaned at start), never half a layer.
        var doomed = Path.Combine(Root, TempPrefix + Guid.NewGuid().ToString("N"));
        Directory.Move(found.Value.Directory, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    public Task WriteDiffAsync(string upperDir, Stream output, CancellationToken cancellationToken) =>
        new DiffWriter(upperDir).WriteAsync(output, cancellationToken);

    public OverlayMount PrepareOverlay(IReadOnlyList<string> chainIdsBottomFirst, string containerDir)
    {
        ArgumentNullException.ThrowIfNull(chainIdsBottomFirst);
        var lowers = chainIdsBottomFirst.Reverse().Select(GetLayerPath).ToList();
        var container = Path.GetFullPath(containerDir);
        var upper = Path.Combine(container, "upper");
        var work = Path.Combine(container, "work");
        var rootfs = Path.Combine(container, "rootfs");
        Directory.CreateDirectory(container, (UnixFileMode)0x1C0); // 0700
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(rootfs);
        if (lowers.Count == 0)
        {
            var empty = Path.Combine(container, "empty");
            Directory.CreateDirectory(empty);
            lowers.Add(empty);
        }

        // index=off: the same lower layers are shared by many mounts, which the inode index refuses.
        var options = $"lowerdir={string.Join(':', lowers.Select(EscapeOption))},upperdir={EscapeOption(upper)},workdir={EscapeOption(work)},index=off";
        return new OverlayMount("overlay", "overlay", rootfs, options, upper, work);
    }

    /// <summary>Deletes unpack/removal leftovers of a crash. Only safe while nothing is being unpacked (daemon start).</summary>
    public int RemoveStaleTemporaryDirectories()
    {
        var removed = 0;
        foreach (var directory in Directory.EnumerateDirectories(Root, TempPrefix + "*"))
        {
            Directory.Delete(directory, recursive: true);
            removed++;
        }

        return removed;
    }

    private void Commit(string chainId, string temp)
    {
        lock (_commitLock)
        {
            if (Find(chainId) is not null)
            {
                return;
            }

            var hex = Digest.Parse(chainId).Hex;
            for (var length = ShortIdLength; length <= hex.Length; length++)
            {
                var target = Path.Combine(Root, hex[..length]);
                if (!Directory.Exists(target))
                {
                    Directory.Move(temp, target);
                    FileSync.FsyncDirectory(Root);
                    return;
                }
            }

            throw EngineException.Internal($"no free snapshot directory for {chainId}");
        }
    }

    private (string Directory, SnapshotInfo Info)? Find(string chainId)
    {
        var hex = Digest.TryParse(chainId, out var digest) ? digest.Hex : null;
        if (hex is null)
        {
            return null;
        }

        for (var length = ShortIdLength; length <= hex.Length; length++)
        {
            var directory = Path.Combine(Root, hex[..length]);
            var info = SnapshotInfo.TryRead(directory);
            if (info is null)
            {
                return null;
            }

            if (info.ChainId == chainId)
            {
                return (directory, info);
            }
        }

        return null;
    }

    private (string Directory, SnapshotInfo Info) Require(string chainId) =>
        Find(chainId) ?? throw EngineException.NotFound($"snapshot {chainId} does not exist");

    private static string ParseChainId(string chainId) =>
        Digest.TryParse(chainId, out var digest)
            ? digest.ToString()
            : throw EngineException.InvalidArgument($"invalid chain ID \"{chainId}\"");

    // overlayfs splits options at ',' and lower dirs at ':'; a backslash escapes either.
    private static string EscapeOption(string path) =>
        path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
