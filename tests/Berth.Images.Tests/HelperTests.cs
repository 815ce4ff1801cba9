using Berth.Core.Errors;
using Berth.Core.Text;
using Berth.Images.Config;
using Berth.Images.Filters;

namespace Berth.Images.Tests;

public sealed class HelperTests
{
    [Theory]
    [InlineData("busybox", "busybox", true)]
    [InlineData("busy*", "busybox", true)]
    [InlineData("*", "myorg/web", false)]
    [InlineData("*/*", "myorg/web", true)]
    [InlineData("busybox:1.3?", "busybox:1.36", true)]
    [InlineData("[a-c]usybox", "busybox", true)]
    [InlineData("[^a-c]usybox", "busybox", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b", "axxbyyc", false)]
    public void GoPathMatch_MatchesLikeGo(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GoPathMatch.IsMatch(pattern, name));

    [Fact]
    public void GoPathMatch_BadPattern_IsAnError() =>
        Assert.Equal("syntax error in pattern", Assert.Throws<EngineException>(() => GoPathMatch.IsMatch("[", "a")).Message);

    [Theory]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("300ms", 0.3)]
    [InlineData("-2m", -120)]
    public void GoDuration_Parses(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("1x")]
    [InlineData("")]
    public void GoDuration_RejectsMissingOrBadUnits(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void Rfc3339_RoundTripsGoNanoseconds()
    {
        Assert.True(Rfc3339.TryParse("2023-05-19T20:19:23.929468766Z", out var t));
        Assert.Equal(new DateTimeOffset(2023, 5, 19, 20, 19, 23, TimeSpan.Zero).AddTicks(9294687), t);
        Assert.Equal("2023-05-19T20:19:23.9294687Z", Rfc3339.Format(t));
        Assert.Equal("2023-05-19T20:19:23Z", Rfc3339.Format(new DateTimeOffset(2023, 5, 19, 20, 19, 23, TimeSpan.Zero)));
    }

    [Fact]
    public void Timestamps_AcceptDurationsUnixAndDates()
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddHours(-2), Timestamps.Parse("2h", now));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), Timestamps.Parse("1700000000", now));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), Timestamps.Parse("2024-03-01T00:00:00Z", now));
        Assert.Throws<EngineException>(() => Timestamps.Parse("yesterday", now));
    }

    [Fact]
    public void ShellWords_HandlesQuotesAndEscapes()
    {
        Assert.Equal(["a=b c", "d='x'", "e=f g"], ShellWords.Split("\"a=b c\" d=\\'x\\' e='f g'"));
        Assert.Equal([new("A", "1"), new("B", "two words")], ShellWords.NameValues("ENV", "A=1 B=\"two words\""));
    }
}
