using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Testing;

namespace Berth.Networking.Tests;

/// <summary>Docker's endpoint checks (fixed addresses) and the idempotent namespace delete.</summary>
public sealed class NetworkServiceValidationTests
{
    private const string NoUserSubnet = "user specified IP address is supported only when connecting to networks with user configured subnets";

    [RootFact]
    public async Task FixedAddressesNeedAUserSubnetThatContainsThem()
    {
        await using var h = await ServiceHarness.StartAsync();
        string user = "vu-" + h.Suffix, auto = "va-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = user, Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = "10.217.3.0/24" }] } }, default);
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = auto }, default);

        async Task<string> Rejected(string network, EndpointRequest request)
        {
            var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.ValidateEndpointAsync(network, request, default));
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            return e.Message;
        }

        Assert.Equal($"invalid endpoint settings:\n{NoUserSubnet}", await Rejected(auto, new EndpointRequest { IPv4Address = "172.18.0.9" }));
        Assert.Equal("invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 10.99.0.5",
            await Rejected(user, new EndpointRequest { IPv4Address = "10.99.0.5" }));
        Assert.Equal($"invalid endpoint settings:\ninvalid IPv4 address: 10.217.3\n{NoUserSubnet}",
            await Rejected(user, new EndpointRequest { IPv4Address = "10.217.3", IPv6Address = "fd00:1::5" }));
        Assert.Equal("invalid endpoint settings:\nuser specified IP address is supported on user defined networks only",
            await Rejected("bridge", new EndpointRequest { IPv4Address = "172.17.0.9" }));
        await h.Service.ValidateEndpointAsync(user, new EndpointRequest { IPv4Address = "10.217.3.9" }, default);
        await h.Service.ValidateEndpointAsync(auto, new EndpointRequest { Aliases = ["x"] }, default);

        // Connect runs the same checks before it makes anything: no veth appears on the bridge.
        string before = Sh.Ok("ip", "-o", "link");
        string id = RandomIds.NewId();
        string netns = await h.Service.CreateNetnsAsync(id, default);
        try
        {
            var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.ConnectAsync(auto, id, "c", new EndpointRequest { IPv4Address = "10.1.2.3" }, netns, default));
            Assert.Equal($"invalid endpoint settings:\n{NoUserSubnet}", e.Message);
            Assert.Empty(await h.Service.GetEndpointsAsync(id, default));
            Assert.Equal(before.Split('\n').Length, Sh.Ok("ip", "-o", "link").Split('\n').Length);
        }
        finally
        {
            await h.Service.DeleteNetnsAsync(id, default);
        }
    }

    [RootFact]
    public async Task DeletingANamespaceTwiceOrWithoutItsDirectoryIsFine()
    {
        await using var h = await ServiceHarness.StartAsync();
        string id = RandomIds.NewId();
        string netns = await h.Service.CreateNetnsAsync(id, default);
        await h.Service.DeleteNetnsAsync(id, default);
        Assert.False(File.Exists(netns));
        await h.Service.DeleteNetnsAsync(id, default);

        // /run emptied by a reboot: not even the netns directory exists.
        Directory.Delete(Path.GetDirectoryName(netns)!, recursive: false);
        await h.Service.DeleteNetnsAsync(id, default);
        await h.Service.DeleteNetnsAsync(RandomIds.NewId(), default);

        // And a new namespace still works afterwards.
        string again = await h.Service.CreateNetnsAsync(id, default);
        Assert.True(File.Exists(again));
        await h.Service.DeleteNetnsAsync(id, default);
    }
}
