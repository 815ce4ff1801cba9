using Berth.Networking.Ipam;

namespace Berth.Networking.Tests.Unit;

public sealed class Ipv4SubnetTests
{
    [Fact]
    public void ParsesAndComputesBounds()
    {
        Assert.True(Ipv4Subnet.TryParse("172.30.5.1/16", out var s));
        Assert.Equal("172.30.0.0/16", s.Subnet.ToString());
        Assert.Equal("172.30.255.255", s.Broadcast.ToString());
        Assert.True(s.Contains(System.Net.IPAddress.Parse("172.30.200.1")));
        Assert.False(Ipv4Subnet.TryParse("172.30.0.0", out _));
        Assert.False(Ipv4Subnet.TryParse("172.30.0.0/33", out _));
        Assert.False(Ipv4Subnet.TryParse("fd00::/64", out _));
        Assert.False(Ipv4Subnet.TryParse("10/8", out _));
    }

    [Fact]
    public void DetectsOverlap()
    {
        Assert.True(Ipv4Subnet.TryParse("10.0.0.0/8", out var big));
        Assert.True(Ipv4Subnet.TryParse("10.200.0.0/24", out var inside));
        Assert.True(Ipv4Subnet.TryParse("11.0.0.0/24", out var outside));
        Assert.True(big.Overlaps(inside) && inside.Overlaps(big));
        Assert.False(big.Overlaps(outside));
    }

    [Fact]
    public void DefaultPoolsSkipTakenSubnetsAndStartAt172_30()
    {
        Assert.Equal("172.30.0.0/16", AddressPools.FirstFree([])!.Value.ToString());
        Assert.True(Ipv4Subnet.TryParse("172.16.0.0/12", out var all172));
        Assert.Equal("192.168.240.0/20", AddressPools.FirstFree([all172])!.Value.ToString());
        Assert.True(Ipv4Subnet.TryParse("0.0.0.0/0", out var everything));
        Assert.Null(AddressPools.FirstFree([everything]));
    }
}
