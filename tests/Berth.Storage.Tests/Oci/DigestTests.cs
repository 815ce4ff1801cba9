using Berth.Oci;

namespace Berth.Storage.Tests.Oci;

public sealed class DigestTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void ComputeOfEmptyInputIsTheWellKnownHash()
    {
        var digest = Digest.Compute([]);
        Assert.Equal("sha256:" + EmptySha256, digest.ToString());
        Assert.Equal(EmptySha256, digest.Hex);
        Assert.Equal("e3b0c44298fc", digest.Short);
        Assert.Equal("sha256", digest.Algorithm);
    }

    [Fact]
    public void ParseRoundTrips()
    {
        var digest = Digest.Parse("sha256:" + EmptySha256);
        Assert.Equal(Digest.Compute([]), digest);
        Assert.Equal(digest, Digest.FromHex(EmptySha256));
        Assert.True(Digest.IsValid(digest.ToString()));
    }

    [Theory]
    [InlineData("", "invalid checksum digest format")]
    [InlineData("sha256", "invalid checksum digest format")]
    [InlineData("sha256:", "invalid checksum digest format")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm")]
    [InlineData("sha256:abc", "invalid checksum digest length")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "invalid checksum digest format")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "invalid checksum digest format")]
    public void RejectsMalformedDigests(string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => Digest.Parse(value));
        Assert.Equal(message, error.Message);
        Assert.False(Digest.TryParse(value, out _));
    }

    [Fact]
    public async Task ComputeAsyncMatchesCompute()
    {
        var data = "hello world"u8.ToArray();
        using var stream = new MemoryStream(data);
        Assert.Equal(Digest.Compute(data), await Digest.ComputeAsync(stream, CancellationToken.None));
        Assert.Equal("sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", Digest.Compute(data).ToString());
    }
}
