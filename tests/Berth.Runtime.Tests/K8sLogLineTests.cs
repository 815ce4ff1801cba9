using System.Text;
using Berth.Core.Containers;
using Berth.Runtime.Logs;
using Xunit;

namespace Berth.Runtime.Tests;

public sealed class K8sLogLineTests
{
    [Fact]
    public void FullAndPartialRecords()
    {
        Assert.True(K8sLogLine.TryParse("2026-11-26T03:38:51.244596064+00:00 stderr F err text"u8, out LogEntry full));
        Assert.Equal(LogStream.Stderr, full.Stream);
        Assert.Equal("err text\n", Encoding.UTF8.GetString(full.Data.Span));
        // Nanoseconds are rounded to .NET ticks (100 ns).
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 38, 51, TimeSpan.Zero).AddTicks(2445961), full.Timestamp);

        Assert.True(K8sLogLine.TryParse("2026-11-26T03:38:51.1+00:00 stdout P abc"u8, out LogEntry partial));
        Assert.Equal(LogStream.Stdout, partial.Stream);
        Assert.Equal("abc", Encoding.UTF8.GetString(partial.Data.Span));

        Assert.True(K8sLogLine.TryParse("2026-11-26T03:38:51.1+00:00 stdout F "u8, out LogEntry empty));
        Assert.Equal("\n", Encoding.UTF8.GetString(empty.Data.Span));
        Assert.False(K8sLogLine.TryParse("garbage"u8, out _));
    }
}
