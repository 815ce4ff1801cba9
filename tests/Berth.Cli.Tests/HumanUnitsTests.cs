using Berth.Cli.Formatting;
using Xunit;

namespace Berth.Cli.Tests;

public class HumanUnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(4_261_000, "4.26MB")]
    [InlineData(4_265_000, "4.26MB")]
    [InlineData(1_234_567, "1.23MB")]
    [InlineData(999_500, "1e+03kB")]
    [InlineData(12_345_678, "12.3MB")]
    [InlineData(123_456_789, "123MB")]
    [InlineData(5_000_000_000, "5GB")]
    public void HumanSizeWithPrecision3(long size, string expected) =>
        Assert.Equal(expected, HumanUnits.HumanSizeWithPrecision(size, 3));

    [Theory]
    [InlineData(1_234_567, "1.235MB")]
    [InlineData(1_200_000, "1.2MB")]
    [InlineData(10, "10B")]
    public void HumanSize(long size, string expected) => Assert.Equal(expected, HumanUnits.HumanSize(size));

    [Theory]
    [InlineData(2_097_152_000L, "1.953GiB")]
    [InlineData(1024L, "1KiB")]
    public void BytesSize(long size, string expected) => Assert.Equal(expected, HumanUnits.BytesSize(size));

    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(3599, "59 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5399, "About an hour")]
    [InlineData(5400, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(13 * 86400, "13 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(59 * 86400, "8 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(729 * 86400, "24 months")]
    [InlineData(730 * 86400, "2 years")]
    public void HumanDuration(long seconds, string expected) =>
        Assert.Equal(expected, HumanUnits.HumanDuration(TimeSpan.FromSeconds(seconds)));
}
