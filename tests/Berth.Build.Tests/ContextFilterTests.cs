using Berth.Build.Context;

namespace Berth.Build.Tests;

public sealed class ContextFilterTests
{
    [Theory]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("**/*.md", "docs/a/README.md", true)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("docs", "docs/a/b.txt", true)]
    [InlineData("/docs/", "docs/x", true)]
    [InlineData("./docs", "docs", true)]
    [InlineData("docs/**", "docs/a/b", true)]
    [InlineData("docs/**/x", "docs/x", true)]
    [InlineData("docs/**/x", "docs/a/b/x", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[!a-c]x", "bx", false)]
    [InlineData("[!a-c]x", "dx", true)]
    [InlineData("\\*x", "*x", true)]
    [InlineData("\\*x", "ax", false)]
    [InlineData("a/../b", "b", true)]
    [InlineData("node_modules", "src/node_modules", false)]
    [InlineData("*/node_modules", "src/node_modules/x", true)]
    [InlineData("temp?", "temp1/deep/file", true)]
    public void SinglePattern(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, ContextFilter.FromIgnoreFile(pattern).IsExcluded(path));

    [Fact]
    public void ExceptionsLastMatchWins()
    {
        var f = ContextFilter.FromIgnoreFile("# comment\n*.md\n!README*.md\nREADME-secret.md\n");
        Assert.True(f.IsExcluded("CHANGES.md"));
        Assert.False(f.IsExcluded("README.md"));
        Assert.True(f.IsExcluded("README-secret.md"));
        Assert.False(f.IsExcluded("main.go"));
        Assert.False(f.IsExcluded("# comment"));
    }

    [Fact]
    public void ExceptionReincludesFileInsideExcludedDirectory()
    {
        var f = ContextFilter.FromIgnoreFile("vendor\n!vendor/keep/**\n");
        Assert.True(f.IsExcluded("vendor/x.go"));
        Assert.False(f.IsExcluded("vendor/keep/a/b.go"));
        Assert.False(f.CanSkipDirectory("vendor"));
        Assert.True(f.CanSkipDirectory("vendor/other"));
    }

    [Fact]
    public void DirectorySkipping()
    {
        var plain = ContextFilter.FromIgnoreFile("node_modules\n.git\n");
        Assert.True(plain.CanSkipDirectory("node_modules"));
        Assert.True(plain.CanSkipDirectory(".git"));
        Assert.False(plain.CanSkipDirectory("src"));

        var withException = ContextFilter.FromIgnoreFile("build\n!build/out/app\n");
        Assert.False(withException.CanSkipDirectory("build"));
        Assert.False(withException.CanSkipDirectory("build/out"));
        Assert.True(withException.CanSkipDirectory("build/tmp"));

        var wildcard = ContextFilter.FromIgnoreFile("build\n!**/*.keep\n");
        Assert.False(wildcard.CanSkipDirectory("build"));
    }

    [Fact]
    public void DockerfileAndIgnoreFileAreAlwaysTransferred()
    {
        var f = ContextFilter.FromIgnoreFile("*\n", "build/Dockerfile.prod");
        Assert.True(f.IsExcluded("build/Dockerfile.prod"));
        Assert.True(f.ShouldTransfer("build/Dockerfile.prod"));
        Assert.True(f.ShouldTransfer(".dockerignore"));
        Assert.False(f.ShouldTransfer("main.go"));
        Assert.False(f.CanSkipDirectory("build"));
        Assert.False(f.IsExcluded("."));
    }

    [Fact]
    public void IgnoreFileCleansPatterns()
    {
        Assert.Equal(["a", "!b/c", "d", "/"], IgnoreFile.ReadAll("\uFEFF/a/\n  ! b/./c  \n# x\n\nd//\n/\n"));
    }

    [Fact]
    public void BadPatternsFail()
    {
        Assert.Throws<Berth.Build.Parsing.DockerfileException>(() => ContextFilter.FromIgnoreFile("!\n"));
        Assert.Throws<Berth.Build.Parsing.DockerfileException>(() => ContextFilter.FromIgnoreFile("[abc\n"));
    }
}
