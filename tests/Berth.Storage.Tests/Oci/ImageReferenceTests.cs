using Berth.Oci;

namespace Berth.Storage.Tests.Oci;

public sealed class ImageReferenceTests
{
    private static readonly string Hex = new('a', 64);

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null, "busybox", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io", "library/busybox", "1.36", null, "busybox", "busybox:1.36")]
    [InlineData("user/app", "docker.io", "user/app", "latest", null, "user/app", "user/app:latest")]
    [InlineData("docker.io/library/busybox:musl", "docker.io", "library/busybox", "musl", null, "busybox", "busybox:musl")]
    [InlineData("index.docker.io/library/busybox", "docker.io", "library/busybox", "latest", null, "busybox", "busybox:latest")]
    [InlineData("docker.io/busybox", "docker.io", "library/busybox", "latest", null, "busybox", "busybox:latest")]
    [InlineData("library/a/b", "docker.io", "library/a/b", "latest", null, "library/a/b", "library/a/b:latest")]
    [InlineData("localhost:5000/a/b:1", "localhost:5000", "a/b", "1", null, "localhost:5000/a/b", "localhost:5000/a/b:1")]
    [InlineData("localhost/app", "localhost", "app", "latest", null, "localhost/app", "localhost/app:latest")]
    [InlineData("registry.example.com/team/app:v1.2_3-x", "registry.example.com", "team/app", "v1.2_3-x", null, "registry.example.com/team/app", "registry.example.com/team/app:v1.2_3-x")]
    [InlineData("[::1]:5000/app:2", "[::1]:5000", "app", "2", null, "[::1]:5000/app", "[::1]:5000/app:2")]
    [InlineData("a__b-c---d/e.f", "docker.io", "a__b-c---d/e.f", "latest", null, "a__b-c---d/e.f", "a__b-c---d/e.f:latest")]
    [InlineData("example.com:443/x", "example.com:443", "x", "latest", null, "example.com:443/x", "example.com:443/x:latest")]
    public void NormalisesLikeDocker(string input, string domain, string path, string? tag, string? digest, string familiarRepository, string familiarName)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(familiarRepository, reference.FamiliarRepository);
        Assert.Equal(familiarName, reference.FamiliarName);
        Assert.Equal(domain + "/" + path, reference.Name);
        Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
    }

    [Fact]
    public void DigestReferencesGetNoDefaultTag()
    {
        var reference = ImageReference.Parse("x@sha256:" + Hex);
        Assert.Null(reference.Tag);
        Assert.Equal("sha256:" + Hex, reference.Digest);
        Assert.Equal("x@sha256:" + Hex, reference.FamiliarName);
        Assert.Equal("docker.io/library/x@sha256:" + Hex, reference.ToString());
    }

    [Fact]
    public void TagAndDigestTogetherAreKept()
    {
        var reference = ImageReference.Parse("x:1@sha256:" + Hex);
        Assert.Equal("1", reference.Tag);
        Assert.Equal("x:1@sha256:" + Hex, reference.FamiliarName);
    }

    [Fact]
    public void ParseNormalizedKeepsAMissingTag()
    {
        var reference = ImageReference.ParseNormalized("busybox");
        Assert.Null(reference.Tag);
        Assert.Equal("busybox", reference.FamiliarName);
        Assert.Equal("busybox:2", reference.WithTag("2").FamiliarName);
    }

    [Theory]
    [InlineData("Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase")]
    [InlineData("user/App:1", "invalid reference format: repository name (user/App) must be lowercase")]
    [InlineData("", "invalid reference format")]
    [InlineData("busybox:", "invalid reference format")]
    [InlineData("busybox:-bad", "invalid reference format")]
    [InlineData("a//b", "invalid reference format")]
    [InlineData("-app", "invalid reference format")]
    [InlineData("app-", "invalid reference format")]
    [InlineData("app@sha256:abc", "invalid reference format")]
    [InlineData("app@sha256:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "invalid reference format")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "invalid repository name (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa), cannot specify 64-byte hexadecimal strings")]
    public void RejectsInvalidReferences(string input, string message)
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(input));
        Assert.Equal(message, error.Message);
        Assert.False(ImageReference.TryParse(input, out _));
    }

    [Fact]
    public void EmptyStringFailsWithDockersWording()
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(""));
        Assert.StartsWith("invalid reference format", error.Message);
    }

    [Fact]
    public void RejectsOverlongNames()
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse("a/" + new string('b', 260)));
        Assert.Contains("must not be more than 255 characters", error.Message);
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("_x", true)]
    [InlineData("1.0-rc.1", true)]
    [InlineData(".x", false)]
    [InlineData("-x", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void ValidatesTags(string tag, bool valid) => Assert.Equal(valid, ImageReference.IsValidTag(tag));

    [Fact]
    public void TagsAreLimitedTo128Characters()
    {
        Assert.True(ImageReference.IsValidTag(new string('a', 128)));
        Assert.False(ImageReference.IsValidTag(new string('a', 129)));
        Assert.False(ImageReference.IsValidTag("é"));
    }

    [Fact]
    public void EqualityUsesTheCanonicalForm()
    {
        Assert.Equal(ImageReference.Parse("busybox"), ImageReference.Parse("docker.io/library/busybox:latest"));
        Assert.NotEqual(ImageReference.Parse("busybox:1"), ImageReference.Parse("busybox:2"));
        Assert.Equal("docker.io/library/busybox", ImageReference.Parse("busybox:1").WithoutTagOrDigest().ToString());
    }
}
