namespace Berth.Core.Snapshots;

/// <summary>
/// Unpacked layers, keyed by chain ID (OCI: chainID(L0)=diffID(L0), chainID(Ln)=sha256(chainID(Ln-1)+" "+diffID(Ln))).
/// Each layer is unpacked once into snapshots/&lt;short-id&gt;/fs with whiteouts converted to overlayfs
/// form (char 0/0 device for a deleted file, trusted.overlay.opaque=y for an opaque dir), and shared
/// by every image and container above it. Like containerd's snapshotter it returns mount
/// descriptions and never mounts itself; the runtime does the mounting.
/// </summary>
public interface ISnapshotter
{
    /// <summary>True when the layer with this chain ID is already unpacked.</summary>
    bool Exists(string chainId);

    /// <summary>
    /// Unpacks an uncompressed layer tar (the caller decompresses) as the layer <paramref name="chainId"/>
    /// on top of <paramref name="parentChainId"/>. Computes the diff ID (sha256 of the tar bytes read)
    /// and returns it; the caller checks it against the image config. Unpacking is atomic (temp dir,
    /// rename) and safe against hostile archives: entries with "..", absolute paths, links that point
    /// outside the root, and device nodes other than whiteouts are rejected with InvalidArgument and
    /// nothing is written outside the layer directory.
    /// </summary>
    Task<string> ApplyLayerAsync(string chainId, string? parentChainId, Stream uncompressedTar, CancellationToken cancellationToken);

    /// <summary>The directory holding a layer's files (an overlay lower dir).</summary>
    string GetLayerPath(string chainId);

    /// <summary>Bytes the unpacked layer takes (its own files only).</summary>
    long GetLayerSize(string chainId);

    /// <summary>Deletes an unpacked layer. The caller guarantees nothing references it.</summary>
    void Remove(string chainId);

    /// <summary>
    /// Writes a layer tar (uncompressed, Docker whiteout form ".wh.name" / ".wh..wh..opq") of the
    /// changes in an overlay upper directory. Used by commit, build and export.
    /// </summary>
    Task WriteDiffAsync(string upperDir, Stream output, CancellationToken cancellationToken);

    /// <summary>
    /// Overlay mount for a container (or build step): lower dirs are the image's layers (top-most
    /// first, as overlayfs wants), upper/work live under <paramref name="containerDir"/>.
    /// With no layers (an empty image) the lower dir is an empty directory.
    /// </summary>
    OverlayMount PrepareOverlay(IReadOnlyList<string> chainIdsBottomFirst, string containerDir);
}

/// <summary>A mount(2) call to make: overlay with these options at <see cref="Target"/>.</summary>
public sealed record OverlayMount(string Source, string Type, string Target, string Options, string UpperDir, string WorkDir);
