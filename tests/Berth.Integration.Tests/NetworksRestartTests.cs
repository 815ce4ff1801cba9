using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>berthd dies (SIGKILL) and comes back: running containers keep their network state.</summary>
public sealed class NetworksRestartTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Addresses_names_and_published_ports_survive_a_daemon_kill()
    {
        string subnet = $"10.230.{Random.Shared.Next(0, 255)}.0/24";
        await _daemon.CliOkAsync("network", "create", "--subnet", subnet, "nr-net");
        int hostPort = NetworksTestKit.FreeTcpPort();
        await _daemon.RunHttpdAsync("nr-web", "survivor", "--network", "nr-net", "-p", $"{hostPort}:80");
        await _daemon.RunSleeperAsync("nr-client", "--network", "nr-net");
        await _daemon.RunSleeperAsync("nr-bridge");
        string webIp = await _daemon.AddressOnAsync("nr-web", "nr-net");
        string clientIp = await _daemon.AddressOnAsync("nr-client", "nr-net");
        string bridgeIp = await _daemon.InspectFieldAsync("nr-bridge", "{{.NetworkSettings.IPAddress}}");
        Assert.Equal("survivor", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{hostPort}/")).Trim());

        await _daemon.KillAsync();
        await _daemon.StartAsync();

        Assert.Equal("true", await _daemon.InspectFieldAsync("nr-web", "{{.State.Running}}"));
        Assert.Equal(webIp, await _daemon.AddressOnAsync("nr-web", "nr-net"));
        Assert.Equal(clientIp, await _daemon.AddressOnAsync("nr-client", "nr-net"));
        Assert.Equal(bridgeIp, await _daemon.InspectFieldAsync("nr-bridge", "{{.NetworkSettings.IPAddress}}"));
        var lookup = await _daemon.ExecAsync("nr-client", "nslookup", "nr-web");
        Assert.True(lookup.Stdout.Contains($"Address: {webIp}"), lookup.ToString());
        Assert.Equal(0, (await _daemon.ExecAsync("nr-client", "wget", "-q", "-O", "/dev/null", "http://nr-web/")).ExitCode);
        Assert.Equal("survivor", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{hostPort}/")).Trim());

        await _daemon.RunSleeperAsync("nr-new", "--network", "nr-net");
        string newIp = await _daemon.AddressOnAsync("nr-new", "nr-net");
        Assert.NotEqual(webIp, newIp);
        Assert.NotEqual(clientIp, newIp);
        await _daemon.RunSleeperAsync("nr-new-bridge");
        Assert.NotEqual(bridgeIp, await _daemon.InspectFieldAsync("nr-new-bridge", "{{.NetworkSettings.IPAddress}}"));
    }
}
