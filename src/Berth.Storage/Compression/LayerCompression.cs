using System.IO.Compression;
using Berth.Core.Errors;
using ZstdSharp;

namespace Berth.Storage.Compression;

/// <summary>
/// Recognises layer compression by magic number (as Docker's DetectCompression does, media types
/// are not trusted) and opens decompressing or compressing streams.
/// </summary>
public static class LayerCompression
{
    private const int MagicLength = 6;

    public static CompressionKind Detect(ReadOnlySpan<byte> header) => header switch
    {
        [0x1F, 0x8B, 0x08, ..] => CompressionKind.Gzip,
        [0x28, 0xB5, 0x2F, 0xFD, ..] => CompressionKind.Zstd,
        [0x42, 0x5A, 0x68, ..] => CompressionKind.Bzip2,
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => CompressionKind.Xz,
        _ => CompressionKind.None,
    };

    /// <summary>Peeks at the start of <paramref name="input"/> (without needing it to seek) and returns
    /// the kind plus a stream of the decompressed bytes. bzip2 and xz are refused (InvalidArgument).
    /// Disposing the result disposes <paramref name="input"/>.</summary>
    public static async Task<(CompressionKind Kind, Stream Stream)> OpenDecompressedAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var header = new byte[MagicLength];
        var filled = await input.ReadAtLeastAsync(header, MagicLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var kind = Detect(header.AsSpan(0, filled));
        Stream replay = new PrefixedStream(header.AsMemory(0, filled), input);
        return kind switch
        {
            CompressionKind.None => (kind, replay),
            CompressionKind.Gzip => (kind, new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false)),
            CompressionKind.Zstd => (kind, new DecompressionStream(replay, leaveOpen: false)),
            _ => throw EngineException.InvalidArgument($"unsupported compression format {kind.ToString().ToLowerInvariant()}"),
        };
    }

    /// <summary>A gzip writer for producing .tar.gz layers; disposing it finishes the gzip stream.</summary>
    public static Stream CreateGzip(Stream output, bool leaveOpen, CompressionLevel level = CompressionLevel.Fastest) =>
        new GZipStream(output, level, leaveOpen);
}
