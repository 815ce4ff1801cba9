using System.IO.Compression;
using Berth.Core.Errors;
using Berth.Storage.Compression;

namespace Berth.Storage.Tests.Compression;

public sealed class LayerCompressionTests
{
    private static readonly byte[] Payload = new TarBuilder().File("a", new string('z', 5000)).Build();

    [Fact]
    public async Task PlainDataPassesThrough() =>
        await AssertRoundTripAsync(Payload, CompressionKind.None);

    [Fact]
    public async Task GzipIsDetectedAndDecompressed()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = LayerCompression.CreateGzip(compressed, leaveOpen: true))
        {
            await gzip.WriteAsync(Payload);
        }

        await AssertRoundTripAsync(compressed.ToArray(), CompressionKind.Gzip);
    }

    [Fact]
    public async Task ZstdIsDetectedAndDecompressed()
    {
        using var compressor = new ZstdSharp.Compressor();
        await AssertRoundTripAsync(compressor.Wrap(Payload).ToArray(), CompressionKind.Zstd);
    }

    [Fact]
    public async Task ShortInputIsPlain() =>
        await AssertRoundTripAsync([1, 2], CompressionKind.None, expected: [1, 2]);

    [Theory]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39 }, CompressionKind.Bzip2)]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, CompressionKind.Xz)]
    public async Task UnsupportedFormatsAreDetectedAndRefused(byte[] header, CompressionKind kind)
    {
        Assert.Equal(kind, LayerCompression.Detect(header));
        var error = await Assert.ThrowsAsync<EngineException>(() => LayerCompression.OpenDecompressedAsync(new MemoryStream(header), CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    private static async Task AssertRoundTripAsync(byte[] input, CompressionKind kind, byte[]? expected = null)
    {
        var (detected, stream) = await LayerCompression.OpenDecompressedAsync(new NonSeekableStream(input), CancellationToken.None);
        await using (stream)
        {
            Assert.Equal(kind, detected);
            using var output = new MemoryStream();
            await stream.CopyToAsync(output);
            Assert.Equal(expected ?? Payload, output.ToArray());
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
