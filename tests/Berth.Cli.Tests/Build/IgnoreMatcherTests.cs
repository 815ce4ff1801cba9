using Berth.Cli.Commands.Build;
using Xunit;

namespace Berth.Cli.Tests.Build;

public sealed class IgnoreMatcherTests
{
    [Theory]
    [InlineData("debug.log", true)]
    [InlineData("src/debug.log", false)]
    [InlineData("src/deep/x.tmp", true)]
    [InlineData("docs/drop.md", true)]
    [InlineData("docs/keep.md", false)]
    [InlineData("secret/key", true)]
    [InlineData("app.txt", false)]
    public void Applies_dockerignore_rules(string path, bool excluded)
    {
        var matcher = new IgnoreMatcher("# comment\n*.log\n**/*.tmp\nsecret/\ndocs\n!docs/keep.md\n");
        Assert.Equal(excluded, matcher.IsExcluded(path));
    }
}
