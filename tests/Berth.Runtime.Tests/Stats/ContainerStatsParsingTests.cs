using Berth.Core.Containers;
using Xunit;

namespace Berth.Runtime.Tests.Stats;

public class ContainerStatsParsingTests
{
    private const string NetDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:     140       2    0    0    0     0          0         0      140       2    0    0    0     0       0          0
          eth0:    1572      18    1    2    0     0          0         0      782       9    3    4    0     0       0          0
        """;

    [Fact]
    public void NetDevSkipsLoopbackAndReadsBothDirections()
    {
        var networks = ContainerNetworkStats.Parse(NetDev);
        var eth0 = Assert.Single(networks);
        Assert.Equal("eth0", eth0.Key);
        Assert.Equal(new NetworkCounters(1572, 18, 1, 2, 782, 9, 3, 4), eth0.Value);
    }

    [Fact]
    public void OwnProcessNamespaceIsReadable()
    {
        // This test process's own namespace: whatever interfaces the host has, lo is never listed.
        var networks = ContainerNetworkStats.Read(Environment.ProcessId);
        Assert.True(networks is null || !networks.ContainsKey("lo"));
        Assert.Null(ContainerNetworkStats.Read(0));
    }

    [Fact]
    public void BlkioV1KeepsOpsAndSkipsTotal()
    {
        var entries = ContainerBlkioStats.ParseV1("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:0 Async 4608\n8:0 Discard 0\n8:0 Total 4608\nTotal 4608\n");
        Assert.Equal(6, entries.Count);
        Assert.Equal(new BlkioEntry(8, 0, "Read", 4096), entries[0]);
        Assert.Equal(new BlkioEntry(8, 0, "Write", 512), entries[1]);
    }

    [Fact]
    public void IoStatV2BecomesReadAndWrite()
    {
        var entries = ContainerBlkioStats.ParseV2("259:0 rbytes=1048576 wbytes=4096 rios=10 wios=1 dbytes=0 dios=0\n8:16 rbytes=0 wbytes=0 rios=0 wios=0 dbytes=0 dios=0\n");
        Assert.Equal(
            [new BlkioEntry(259, 0, "read", 1048576), new BlkioEntry(259, 0, "write", 4096), new BlkioEntry(8, 16, "read", 0), new BlkioEntry(8, 16, "write", 0)],
            entries);
    }
}
