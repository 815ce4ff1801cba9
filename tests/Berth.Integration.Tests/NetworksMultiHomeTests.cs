using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// A container on two user-defined networks resolves peers on both (by name, alias and short ID) and is
/// resolved by them, from `run --network a` + `network connect b` and from docker-compose; losing the
/// first network keeps resolv.conf and the default route working. Nothing stays on the host afterwards.
/// </summary>
public sealed class NetworksMultiHomeTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Subnet(int n) => $"10.{240 + n}.{Convert.ToInt32(_tag[..2], 16)}.0/24";

    private static string Gateway(string subnet) => subnet[..subnet.LastIndexOf('.')] + ".1";

    private async Task AssertResolvesAsync(string container, string name, string address)
    {
        var lookup = await _daemon.ExecAsync(container, "nslookup", name);
        Assert.True(lookup.Stdout.Contains($"Address: {address}"), $"{container} -> {name}: {lookup}");
    }

    [RootFact]
    public async Task Connected_second_network_resolves_both_ways_and_survives_losing_the_first()
    {
        string a = Subnet(0), b = Subnet(1);
        string netA = await _daemon.CliOkAsync("network", "create", "--subnet", a, "mh-a");
        string netB = await _daemon.CliOkAsync("network", "create", "--subnet", b, "mh-b");
        string[] bridges = [LeftoverProbe.UserBridgeName(netA), LeftoverProbe.UserBridgeName(netB)];
        var baseline = await LeftoverProbe.CaptureAsync(_daemon, bridges);

        string multiId = await _daemon.RunSleeperAsync("mh-multi", "--network", "mh-a");
        await _daemon.DockerOkAsync("network", "connect", "--alias", "multi-b", "mh-b", "mh-multi");
        await _daemon.DockerOkAsync("run", "-d", "--name", "mh-peer-a", "--network", "mh-a", "--network-alias", "alias-a", "busybox", "sleep", "600");
        string peerBId = await _daemon.DockerOkAsync("run", "-d", "--name", "mh-peer-b", "--network", "mh-b", "--network-alias", "alias-b", "busybox", "sleep", "600");
        string peerA = await _daemon.AddressOnAsync("mh-peer-a", "mh-a");
        string peerB = await _daemon.AddressOnAsync("mh-peer-b", "mh-b");
        string multiOnB = await _daemon.AddressOnAsync("mh-multi", "mh-b");

        foreach (string name in new[] { "mh-peer-b", "alias-b", peerBId[..12] })
        {
            await AssertResolvesAsync("mh-multi", name, peerB);
        }

        await AssertResolvesAsync("mh-multi", "alias-a", peerA);
        foreach (string name in new[] { "mh-multi", "multi-b", multiId[..12] })
        {
            await AssertResolvesAsync("mh-peer-b", name, multiOnB);
        }

        Assert.Equal(0, (await _daemon.ExecAsync("mh-multi", "ping", "-c", "1", "-W", "2", "mh-peer-b")).ExitCode);
        Assert.Equal(0, (await _daemon.ExecAsync("mh-peer-b", "ping", "-c", "1", "-W", "2", "mh-multi")).ExitCode);
        var cross = await _daemon.ExecAsync("mh-peer-b", "nslookup", "mh-peer-a");
        Assert.DoesNotContain(peerA, cross.Stdout);

        // Disconnect the first network: resolv.conf now names b's gateway, the default route moved, names still resolve.
        await _daemon.DockerOkAsync("network", "disconnect", "mh-a", "mh-multi");
        string resolv = (await _daemon.ExecAsync("mh-multi", "cat", "/etc/resolv.conf")).EnsureSuccess().Stdout;
        Assert.Contains($"nameserver {Gateway(b)}", resolv);
        Assert.Contains($"default via {Gateway(b)}", (await _daemon.ExecAsync("mh-multi", "ip", "route")).EnsureSuccess().Stdout);
        await AssertResolvesAsync("mh-multi", "mh-peer-b", peerB);
        Assert.DoesNotContain(peerA, (await _daemon.ExecAsync("mh-multi", "nslookup", "mh-peer-a")).Stdout);

        await _daemon.CliOkAsync("rm", "-f", "mh-multi", "mh-peer-a", "mh-peer-b");
        var after = await LeftoverProbe.CaptureSettledAsync(_daemon, bridges, baseline);
        Assert.True(after.NewSince(baseline) == "", "left after rm -f:\n" + after.NewSince(baseline));
    }

    [RootFact]
    public async Task Compose_service_on_two_networks_reaches_and_is_resolved_by_peers_on_both()
    {
        const string compose = "/usr/bin/docker-compose";
        if (!File.Exists(compose))
        {
            return; // ComposeTests installs it; without the package there is nothing to drive.
        }

        string project = "mh" + _tag;
        string file = Path.Combine(BerthPaths.RepoRoot, "tests", "Berth.Integration.Tests", "Fixtures", "compose-multinet", "docker-compose.yml");
        string config = Path.Combine(_daemon.Root, "docker-config");
        Directory.CreateDirectory(config);
        var environment = new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = _daemon.Host,
            ["DOCKER_CONFIG"] = config,
            ["DOCKER_CONTEXT"] = null,
            ["DOCKER_API_VERSION"] = null,
            ["COMPOSE_INTERACTIVE_NO_CLI"] = "1",
        };
        Task<CliResult> Compose(params string[] args) => ProcessRunner.RunAsync(new BinaryCommand(compose, []),
            [.. new[] { "-p", project, "-f", file }, .. args], environment, timeout: TimeSpan.FromMinutes(2));

        var baseline = await LeftoverProbe.CaptureAsync(_daemon, []);
        (await Compose("up", "-d")).EnsureSuccess();
        string[] bridges = [LeftoverProbe.UserBridgeName(await _daemon.CliOkAsync("network", "inspect", "-f", "{{.Id}}", $"{project}_alpha")),
            LeftoverProbe.UserBridgeName(await _daemon.CliOkAsync("network", "inspect", "-f", "{{.Id}}", $"{project}_beta"))];
        string web = $"{project}_web_1";
        foreach (var (peer, port, answer) in new[] { ("cache", "6379", "cache-ok"), ("db", "5432", "db-ok") })
        {
            bool reached = await NetworksTestKit.EventuallyAsync(async () =>
                (await Compose("exec", "-T", "web", "nc", peer, port)).Stdout.Trim() == answer);
            Assert.True(reached, $"web could not reach {peer}:{port} by name");
        }

        foreach (var (peer, network) in new[] { ("cache", $"{project}_alpha"), ("db", $"{project}_beta") })
        {
            string webAddress = await _daemon.AddressOnAsync(web, network);
            var lookup = await _daemon.ExecAsync($"{project}_{peer}_1", "nslookup", "web");
            Assert.True(lookup.Stdout.Contains($"Address: {webAddress}"), $"{peer} -> web: {lookup}");
        }

        (await Compose("down")).EnsureSuccess();
        var after = await LeftoverProbe.CaptureSettledAsync(_daemon, bridges, baseline);
        Assert.True(after.NewSince(baseline) == "", "left after down:\n" + after.NewSince(baseline));
    }
}
