using Berth.Cli.Infrastructure;
using Xunit;

namespace Berth.Cli.Tests;

public class FlagParserTests
{
    private static readonly FlagSpec[] s_flags =
    [
        FlagSpec.Bool("all", 'a', "all"),
        FlagSpec.Bool("quiet", 'q', "quiet"),
        FlagSpec.String("format", 'f', "format"),
        FlagSpec.List("filter", null, "filter"),
    ];

    [Fact]
    public void CombinedShortBooleans()
    {
        var parsed = FlagParser.Parse(["-aq", "x"], s_flags, true);
        Assert.True(parsed.Bool("all"));
        Assert.True(parsed.Bool("quiet"));
        Assert.Equal(["x"], parsed.Positionals);
    }

    [Theory]
    [InlineData("--format={{.ID}}")]
    [InlineData("-f{{.ID}}")]
    [InlineData("-f={{.ID}}")]
    public void AttachedValues(string arg) =>
        Assert.Equal("{{.ID}}", FlagParser.Parse([arg], s_flags, true).String("format"));

    [Fact]
    public void SeparateValuesAndShortValueAfterBooleans()
    {
        var parsed = FlagParser.Parse(["--format", "x", "-af", "y"], s_flags, true);
        Assert.Equal("y", parsed.String("format"));
        Assert.True(parsed.Bool("all"));
    }

    [Fact]
    public void RepeatableList()
    {
        var parsed = FlagParser.Parse(["--filter", "a=1", "--filter=b=2"], s_flags, true);
        Assert.Equal(["a=1", "b=2"], parsed.List("filter"));
    }

    [Fact]
    public void BoolWithExplicitValue()
    {
        Assert.False(FlagParser.Parse(["--all=false"], s_flags, true).Bool("all"));
        Assert.True(FlagParser.Parse(["--all=1"], s_flags, true).Bool("all"));
        var ex = Assert.Throws<UsageException>(() => FlagParser.Parse(["--all=maybe"], s_flags, true));
        Assert.Equal("invalid argument \"maybe\" for \"--all\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax", ex.Message);
    }

    [Fact]
    public void DoubleDashEndsFlags()
    {
        var parsed = FlagParser.Parse(["-a", "--", "-q", "--x"], s_flags, true);
        Assert.Equal(["-q", "--x"], parsed.Positionals);
        Assert.False(parsed.Bool("quiet"));
    }

    [Fact]
    public void NonInterspersedStopsAtFirstPositional()
    {
        var parsed = FlagParser.Parse(["-a", "busybox", "ls", "-q"], s_flags, false);
        Assert.Equal(["busybox", "ls", "-q"], parsed.Positionals);
        Assert.False(parsed.Bool("quiet"));
    }

    [Fact]
    public void InterspersedParsesFlagsAfterPositionals()
    {
        var parsed = FlagParser.Parse(["busybox", "-q"], s_flags, true);
        Assert.True(parsed.Bool("quiet"));
    }

    [Theory]
    [InlineData("--bogus", "unknown flag: --bogus")]
    [InlineData("-x", "unknown shorthand flag: 'x' in -x")]
    [InlineData("-ax", "unknown shorthand flag: 'x' in -ax")]
    [InlineData("--format", "flag needs an argument: --format")]
    [InlineData("-f", "flag needs an argument: 'f' in -f")]
    public void Errors(string arg, string message)
    {
        var ex = Assert.Throws<UsageException>(() => FlagParser.Parse([arg], s_flags, true));
        Assert.Equal(message, ex.Message);
        Assert.Equal(125, ex.ExitCode);
    }

    [Fact]
    public void HelpIsRecognized()
    {
        Assert.True(FlagParser.Parse(["--help"], s_flags, true).HelpRequested);
        Assert.True(FlagParser.Parse(["-h"], s_flags, true).HelpRequested);
    }

    [Fact]
    public void DashAloneIsPositional() => Assert.Equal(["-"], FlagParser.Parse(["-"], s_flags, true).Positionals);
}
