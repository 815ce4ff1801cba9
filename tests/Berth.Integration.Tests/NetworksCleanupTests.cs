using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>After rm -f, network rm and the daemon's exit nothing of its containers or networks stays on the host.</summary>
public sealed class NetworksCleanupTests
{
    [RootFact]
    public async Task Removing_containers_and_networks_leaves_no_links_rules_namespaces_or_mounts()
    {
        var daemon = new DaemonFixture();
        string? userBridge = null;
        try
        {
            await daemon.StartAsync();
            await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);
            string networkId = await daemon.CliOkAsync("network", "create", "--subnet", $"10.231.{Random.Shared.Next(0, 255)}.0/24", "nc-net");
            userBridge = LeftoverProbe.UserBridgeName(networkId);
            var baseline = await LeftoverProbe.CaptureAsync(daemon, [userBridge]);

            await daemon.RunHttpdAsync("nc-web", "x", "--network", "nc-net", "-p", $"{NetworksTestKit.FreeTcpPort()}:80", "-v", "/data");
            await daemon.RunSleeperAsync("nc-default", "-p", $"127.0.0.1:{NetworksTestKit.FreeTcpPort()}:80");
            await daemon.CliOkAsync("network", "connect", "nc-net", "nc-default");
            var busy = await LeftoverProbe.CaptureAsync(daemon, [userBridge]);
            Assert.NotEqual("", busy.NewSince(baseline)); // the probe sees the containers' state at all

            await daemon.CliOkAsync("rm", "-f", "-v", "nc-web", "nc-default");
            var afterRm = await LeftoverProbe.CaptureSettledAsync(daemon, [userBridge], baseline);
            Assert.True(afterRm.NewSince(baseline) == "", "left after rm -f:\n" + afterRm.NewSince(baseline));

            await daemon.CliOkAsync("network", "rm", "nc-net");
            var afterNetworkRm = await LeftoverProbe.CaptureAsync(daemon, [userBridge]);
            Assert.DoesNotContain(userBridge, afterNetworkRm.Links);
            Assert.DoesNotContain(afterNetworkRm.IptablesLines, l => l.Contains(userBridge, StringComparison.Ordinal));
        }
        finally
        {
            await daemon.DisposeAsync();
        }

        // After the daemon is gone (fixture disposed) its private root is gone and so is every mount under it.
        Assert.False(Directory.Exists(daemon.Root));
        Assert.Empty(MountTable.MountsUnder(daemon.Root));
        if (userBridge is not null)
        {
            string links = (await ProcessRunner.RunAsync(new BinaryCommand("ip", []), ["-o", "link"])).EnsureSuccess().Stdout;
            Assert.DoesNotContain(userBridge, links);
        }
    }
}
