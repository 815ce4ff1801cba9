using Berth.Cli.Formatting;
using Xunit;

namespace Berth.Cli.Tests;

public class TabWriterTests
{
    [Fact]
    public void PadsColumnsToMinWidthAndPadding()
    {
        var text = "REPOSITORY\tTAG\tIMAGE ID\tSIZE\nbusybox\tlatest\t0123456789ab\t4.26MB\n";
        var expected =
            "REPOSITORY   TAG       IMAGE ID       SIZE\n" +
            "busybox      latest    0123456789ab   4.26MB\n";
        Assert.Equal(expected, TabWriter.Format(text, 10, 3));
    }

    [Fact]
    public void LinesWithoutTabsBreakColumnBlocks()
    {
        var text = "Client:\n Version:\t1\n API version:\t1.51\n\nServer:\n Engine:\n  Version:\t2\n";
        var expected = "Client:\n Version:           1\n API version:       1.51\n\nServer:\n Engine:\n  Version:          2\n";
        Assert.Equal(expected, TabWriter.Format(text, 20, 1));
    }

    [Fact]
    public void LastCellIsNotPadded() => Assert.Equal("a         b\n", TabWriter.Format("a\tb\n", 10, 3));

    [Fact]
    public void WideCellsWidenTheirColumn() =>
        Assert.Equal("x              y\nlonger-value   z\n", TabWriter.Format("x\ty\nlonger-value\tz\n", 10, 3));
}
