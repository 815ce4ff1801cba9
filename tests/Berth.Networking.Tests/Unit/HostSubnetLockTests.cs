using Berth.Networking.Ipam;
using Xunit;

namespace Berth.Networking.Tests.Unit;

public sealed class HostSubnetLockTests
{
    [Fact]
    public async Task A_second_holder_waits_until_the_first_lets_go()
    {
        var first = await HostSubnetLock.AcquireAsync(CancellationToken.None);
        Task<HostSubnetLock> second;
        try
        {
            second = HostSubnetLock.AcquireAsync(CancellationToken.None);
            await Task.Delay(200);
            Assert.False(second.IsCompleted, "a second daemon got the subnet lock while the first held it");
        }
        finally
        {
            first.Dispose();
        }

        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
