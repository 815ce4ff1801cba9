using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Core.Snapshots;
using Berth.Images.IO;
using Berth.Oci;

namespace Berth.Images.Layers;

/// <summary>
/// Turns layer blobs from the content store into snapshots. The diff ID is hashed here over the
/// whole decompressed stream (as Docker does), independent of how far the snapshotter reads.
/// </summary>
internal sealed class LayerUnpacker(IContentStore content, ISnapshotter snapshots)
{
    /// <summary>Opens a stored layer blob decompressed (gzip/zstd detected by magic).</summary>
    public async Task<Stream> OpenUncompressedAsync(string blobDigest, CancellationToken cancellationToken)
    {
        if (!content.Exists(blobDigest))
        {
            throw EngineException.NotFound($"layer blob {blobDigest} not found in the content store");
        }

        var (stream, _) = await Compression.DecompressAsync(content.OpenRead(blobDigest), cancellationToken).ConfigureAwait(false);
        return stream;
    }

    /// <summary>Hashes a stored layer decompressed: its diff ID and uncompressed size.</summary>
    public async Task<(string DiffId, long Size)> DiffIdOfAsync(string blobDigest, CancellationToken cancellationToken)
    {
        await using var hashing = new HashingStream(await OpenUncompressedAsync(blobDigest, cancellationToken).ConfigureAwait(false), leaveOpen: false);
        await hashing.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        return (hashing.CurrentDigest(), hashing.BytesRead);
    }

    /// <summary>
    /// Unpacks every layer whose snapshot is missing, bottom first. Chain IDs newly created are appended
    /// to <paramref name="created"/> so the caller can roll back; a diff ID mismatch removes that
    /// layer's snapshot and throws InvalidArgument with Docker's message.
    /// </summary>
    public async Task UnpackAsync(IReadOnlyList<string> diffIds, IReadOnlyList<string> blobDigests, List<string> created, CancellationToken cancellationToken)
    {
        var chain = ChainId.Compute(diffIds);
        for (var i = 0; i < chain.Count; i++)
        {
            if (snapshots.Exists(chain[i]))
            {
                continue;
            }

            var parent = i == 0 ? null : chain[i - 1];
            string actual;
            await using (var hashing = new HashingStream(await OpenUncompressedAsync(blobDigests[i], cancellationToken).ConfigureAwait(false), leaveOpen: false))
            {
                await snapshots.ApplyLayerAsync(chain[i], parent, hashing, cancellationToken).ConfigureAwait(false);
                created.Add(chain[i]);
                await hashing.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                actual = hashing.CurrentDigest();
            }

            if (actual != diffIds[i])
            {
                throw EngineException.InvalidArgument($"invalid diffID for layer {i}: expected \"{diffIds[i]}\", got \"{actual}\"");
            }
        }
    }

    /// <summary>Removes snapshots created by a failed operation, top first.</summary>
    public void Rollback(IReadOnlyList<string> created)
    {
        for (var i = created.Count - 1; i >= 0; i--)
        {
            if (snapshots.Exists(created[i]))
            {
                snapshots.Remove(created[i]);
            }
        }
    }
}
