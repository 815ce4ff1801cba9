using Berth.Core.Content;
using Berth.Core.Images;
using Berth.Images.IO;
using Berth.Images.Layers;
using Berth.Images.Remove;

namespace Berth.Images.Create;

/// <summary>
/// Stores a new layer (import, commit) as a blob exactly as given, compressed or not, so save and
/// push can reuse it; the diff ID comes from hashing it decompressed. A failed caller hands the
/// blob to <see cref="BlobJanitor"/>, which keeps it if an image already uses the same bytes.
/// </summary>
internal sealed class LayerIngest(IContentStore content, LayerUnpacker unpacker, BlobJanitor janitor)
{
    public async Task<(LayerBlob Blob, string DiffId)> StoreAsync(Stream layer, CancellationToken cancellationToken)
    {
        // Sniff first so the media type is known; the blob is the original bytes.
        var head = new byte[6];
        var filled = 0;
        while (filled < head.Length)
        {
            var n = await layer.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        var kind = Compression.Detect(head.AsSpan(0, filled));
        await using var replay = new PrefixedStream(head.AsMemory(0, filled), layer, leaveOpen: true);
        var info = await content.WriteAsync(replay, null, cancellationToken).ConfigureAwait(false);
        try
        {
            var blob = new LayerBlob(info.Digest, info.Size, Compression.LayerMediaType(kind));
            if (kind == CompressionKind.None)
            {
                return (blob, info.Digest);
            }

            var (diffId, _) = await unpacker.DiffIdOfAsync(info.Digest, cancellationToken).ConfigureAwait(false);
            return (blob, diffId);
        }
        catch
        {
            janitor.DeleteUnreferenced([info.Digest]);
            throw;
        }
    }
}
