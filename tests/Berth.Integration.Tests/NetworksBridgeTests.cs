using System.Net;
using System.Net.Sockets;
using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>The default bridge network: an address, outbound NAT, no embedded DNS.</summary>
public sealed class NetworksBridgeTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Default_bridge_gives_an_address_and_outbound_nat_works()
    {
        await _daemon.RunSleeperAsync("nb-one");
        string ip = await _daemon.InspectFieldAsync("nb-one", "{{.NetworkSettings.IPAddress}}");
        Assert.True(IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork, $"IPAddress '{ip}'");
        string gateway = await _daemon.InspectFieldAsync("nb-one", "{{.NetworkSettings.Gateway}}");
        Assert.Contains($"inet {ip}/", (await _daemon.ExecAsync("nb-one", "ip", "-4", "addr", "show", "eth0")).EnsureSuccess().Stdout);
        Assert.Contains($"default via {gateway}", (await _daemon.ExecAsync("nb-one", "ip", "route")).EnsureSuccess().Stdout);

        // A TCP listener on the host's primary address, reached from the container.
        var (hostIp, hostGateway) = await NetworksTestKit.HostRouteAsync();
        using var listener = new TcpListener(hostIp, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<string> accepted = AcceptOneLineAsync(listener);
        var nc = await _daemon.ShAsync("nb-one", $"echo from-container | nc -w 5 {hostIp} {port}");
        Assert.True(nc.ExitCode == 0, nc.ToString());
        Assert.Equal("from-container", await accepted.WaitAsync(TimeSpan.FromSeconds(10)));

        // The default-route gateway is off-host: reaching it needs forwarding plus masquerade.
        var ping = await _daemon.ExecAsync("nb-one", "ping", "-c", "1", "-W", "3", hostGateway.ToString());
        Assert.True(ping.ExitCode == 0, ping.ToString());
    }

    [RootFact]
    public async Task Default_bridge_has_no_name_resolution_between_containers()
    {
        await _daemon.RunSleeperAsync("nb-target");
        await _daemon.RunSleeperAsync("nb-client");
        string targetIp = await _daemon.InspectFieldAsync("nb-target", "{{.NetworkSettings.IPAddress}}");
        // Reachable by address ...
        Assert.Equal(0, (await _daemon.ExecAsync("nb-client", "ping", "-c", "1", "-W", "2", targetIp)).ExitCode);
        // ... but not by name, as on Docker's default bridge.
        var byName = await _daemon.ExecAsync("nb-client", "ping", "-c", "1", "-W", "2", "nb-target");
        Assert.NotEqual(0, byName.ExitCode);
        string resolv = (await _daemon.ExecAsync("nb-client", "cat", "/etc/resolv.conf")).EnsureSuccess().Stdout;
        string gateway = await _daemon.InspectFieldAsync("nb-client", "{{.NetworkSettings.Gateway}}");
        Assert.DoesNotContain($"nameserver {gateway}", resolv);
    }

    private static async Task<string> AcceptOneLineAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        return (await reader.ReadLineAsync())?.Trim() ?? "";
    }
}
