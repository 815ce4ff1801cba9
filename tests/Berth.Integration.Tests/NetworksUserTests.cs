using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>User-defined bridge networks: subnets, embedded DNS, isolation, internal, connect/disconnect, errors.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class NetworksUserTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    // Distinct per test instance so parallel daemons never pick the same private subnet.
    private string Subnet(int n) => $"10.{200 + n}.{Convert.ToInt32(_tag[..2], 16)}.0/24";

    [RootFact]
    public async Task Containers_resolve_each_other_by_name_alias_and_short_id_but_not_across_networks()
    {
        await _daemon.CliOkAsync("network", "create", "--subnet", Subnet(0), "nu-front");
        await _daemon.CliOkAsync("network", "create", "--subnet", Subnet(1), "nu-back");
        string subnetPrefix = Subnet(0)[..Subnet(0).LastIndexOf('.')];
        // berth run has no --network-alias flag; the docker CLI sends the same API request.
        string serverId = await _daemon.DockerOkAsync("run", "-d", "--name", "nu-server", "--network", "nu-front",
            "--network-alias", "db-alias", "busybox", "sleep", "600");
        await _daemon.RunSleeperAsync("nu-client", "--network", "nu-front");
        await _daemon.RunSleeperAsync("nu-other", "--network", "nu-back");

        string serverIp = await _daemon.AddressOnAsync("nu-server", "nu-front");
        Assert.StartsWith(subnetPrefix + ".", serverIp);

        foreach (string name in new[] { "nu-server", "db-alias", serverId[..12] })
        {
            var lookup = await _daemon.ExecAsync("nu-client", "nslookup", name);
            Assert.True(lookup.Stdout.Contains($"Address: {serverIp}"), $"{name}: {lookup}");
            var ping = await _daemon.ExecAsync("nu-client", "ping", "-c", "1", "-W", "2", name);
            Assert.True(ping.ExitCode == 0, $"{name}: {ping}");
        }

        // Isolation: another network neither resolves nor reaches it.
        var crossName = await _daemon.ExecAsync("nu-other", "nslookup", "nu-server");
        Assert.DoesNotContain(serverIp, crossName.Stdout);
        var crossPing = await _daemon.ExecAsync("nu-other", "ping", "-c", "1", "-W", "2", serverIp);
        Assert.True(crossPing.ExitCode != 0, "ping across user networks succeeded: " + crossPing);

        // Last, so a run against dockerd (which names 127.0.0.11, its embedded resolver) checks all of the above.
        string resolv = (await _daemon.ExecAsync("nu-client", "cat", "/etc/resolv.conf")).EnsureSuccess().Stdout;
        // Docker's resolver listens on 127.0.0.11 inside the container; Berth's on the network's gateway (docs/architecture.md).
        Assert.Contains(TestEngine.IsDockerd ? "nameserver 127.0.0.11" : $"nameserver {subnetPrefix}.1", resolv);
        Assert.Contains("ndots:0", resolv);
    }

    [RootFact(DockerdTooOld = "containers on an --internal bridge network get a default route via the bridge (current Docker sets no gateway)")]
    public async Task Internal_network_has_no_route_out()
    {
        await _daemon.CliOkAsync("network", "create", "--internal", "--subnet", Subnet(2), "nu-internal");
        await _daemon.RunSleeperAsync("nu-in-a", "--network", "nu-internal");
        await _daemon.RunSleeperAsync("nu-in-b", "--network", "nu-internal");
        var (_, hostGateway) = await NetworksTestKit.HostRouteAsync();

        var routes = (await _daemon.ExecAsync("nu-in-a", "ip", "route")).EnsureSuccess().Stdout;
        Assert.DoesNotContain("default", routes);
        var ping = await _daemon.ExecAsync("nu-in-a", "ping", "-c", "1", "-W", "2", hostGateway.ToString());
        Assert.True(ping.ExitCode != 0, "an internal network reached the outside: " + ping);
        // Inside the network, containers still talk.
        Assert.Equal(0, (await _daemon.ExecAsync("nu-in-a", "ping", "-c", "1", "-W", "2", "nu-in-b")).ExitCode);
    }

    [RootFact]
    public async Task Connect_with_alias_and_disconnect_a_running_container()
    {
        await _daemon.CliOkAsync("network", "create", "--subnet", Subnet(3), "nu-late");
        await _daemon.RunSleeperAsync("nu-peer", "--network", "nu-late");
        await _daemon.RunSleeperAsync("nu-mover");

        await _daemon.CliOkAsync("network", "connect", "--alias", "mover-alias", "nu-late", "nu-mover");
        string ip = await _daemon.AddressOnAsync("nu-mover", "nu-late");
        Assert.StartsWith(Subnet(3)[..Subnet(3).LastIndexOf('.')] + ".", ip);
        Assert.Contains($"inet {ip}/", (await _daemon.ExecAsync("nu-mover", "ip", "-4", "addr")).EnsureSuccess().Stdout);
        foreach (string name in new[] { "nu-mover", "mover-alias" })
        {
            var lookup = await _daemon.ExecAsync("nu-peer", "nslookup", name);
            Assert.True(lookup.Stdout.Contains($"Address: {ip}"), $"{name}: {lookup}");
        }
        Assert.Equal(0, (await _daemon.ExecAsync("nu-peer", "ping", "-c", "1", "-W", "2", ip)).ExitCode);

        await _daemon.CliOkAsync("network", "disconnect", "nu-late", "nu-mover");
        Assert.DoesNotContain($"inet {ip}/", (await _daemon.ExecAsync("nu-mover", "ip", "-4", "addr")).EnsureSuccess().Stdout);
        Assert.DoesNotContain(ip, (await _daemon.ExecAsync("nu-peer", "nslookup", "mover-alias")).Stdout);
        Assert.DoesNotContain("\"nu-late\"", await _daemon.InspectFieldAsync("nu-mover", "{{json .NetworkSettings.Networks}}"));
    }

    [RootFact]
    public async Task Network_errors_match_docker()
    {
        string id = await _daemon.CliOkAsync("network", "create", "--subnet", Subnet(4), "nu-busy");
        await _daemon.RunSleeperAsync("nu-user", "--network", "nu-busy");

        var rm = await _daemon.RunCliAsync(["network", "rm", "nu-busy"]);
        NetworksTestKit.AssertFails(rm, $"error while removing network: network nu-busy id {id} has active endpoints");

        var overlap = await _daemon.RunCliAsync(["network", "create", "--subnet", Subnet(4).Replace("/24", "/25"), "nu-overlap"]);
        NetworksTestKit.AssertFails(overlap, "Pool overlaps with other one on this address space");

        var outside = await _daemon.RunDockerAsync(["run", "-d", "--name", "nu-badip", "--network", "nu-busy", "--ip", "10.99.99.5",
            "busybox", "true"]);
        Assert.True(outside.ExitCode != 0, "--ip outside the subnet was accepted: " + outside);
        Assert.Contains("10.99.99.5", outside.Stderr);

        await _daemon.CliOkAsync("rm", "-f", "nu-user");
        await _daemon.CliOkAsync("network", "rm", "nu-busy");
        Assert.DoesNotContain("nu-busy", await _daemon.CliOkAsync("network", "ls", "--format", "{{.Name}}"));
    }
}
