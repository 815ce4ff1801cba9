using System.IO.Compression;
using Berth.Core.Errors;
using Berth.Oci;

namespace Berth.Images.IO;

internal enum CompressionKind
{
    None,
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}

/// <summary>
/// Sniffs the compression of a (possibly non-seekable) stream by its magic number, as Docker's
/// DecompressStream does, and wraps it in a decompressor. gzip and zstd are decoded in-process;
/// bzip2 and xz are recognised only to give a clear error.
/// </summary>
internal static class Compression
{
    private const int MagicLength = 6;

    public static async Task<(Stream Stream, CompressionKind Kind)> DecompressAsync(Stream input, CancellationToken cancellationToken)
    {
        var head = new byte[MagicLength];
        var filled = 0;
        while (filled < head.Length)
        {
            var n = await input.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        var kind = Detect(head.AsSpan(0, filled));
        Stream replay = new PrefixedStream(head.AsMemory(0, filled), input, leaveOpen: false);
        return kind switch
        {
            CompressionKind.None => (replay, kind),
            CompressionKind.Gzip => (new GZipStream(replay, CompressionMode.Decompress), kind),
            CompressionKind.Zstd => (new ZstdSharp.DecompressionStream(replay), kind),
            _ => throw EngineException.InvalidArgument($"unsupported compression format {kind.ToString().ToLowerInvariant()}"),
        };
    }

    public static CompressionKind Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b, 0x08]))
        {
            return CompressionKind.Gzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]))
        {
            return CompressionKind.Zstd;
        }

        if (head.StartsWith("BZh"u8))
        {
            return CompressionKind.Bzip2;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
        {
            return CompressionKind.Xz;
        }

        return CompressionKind.None;
    }

    /// <summary>The OCI layer media type for a layer blob stored with this compression.</summary>
    public static string LayerMediaType(CompressionKind kind) => kind switch
    {
        CompressionKind.Gzip => MediaTypes.OciLayerTarGzip,
        CompressionKind.Zstd => MediaTypes.OciLayerTarZstd,
        _ => MediaTypes.OciLayerTar,
    };
}
