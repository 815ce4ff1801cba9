using System.Net;
using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>--ip/--ip6 that Docker rejects fail at create (400, nothing made) and at network connect.</summary>
public sealed class NetworksStaticIpTests : IAsyncLifetime
{
    private const string NoUserSubnet = "user specified IP address is supported only when connecting to networks with user configured subnets";
    private readonly DaemonFixture _daemon = new();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Subnet => $"10.242.{Convert.ToInt32(_tag[..2], 16)}.0/24";

    [RootFact]
    public async Task Bad_fixed_addresses_are_refused_at_create_and_connect_without_leftovers()
    {
        string auto = await _daemon.CliOkAsync("network", "create", "si-auto");
        string user = await _daemon.CliOkAsync("network", "create", "--subnet", Subnet, "si-user");
        string[] bridges = [LeftoverProbe.UserBridgeName(auto), LeftoverProbe.UserBridgeName(user)];
        var baseline = await LeftoverProbe.CaptureAsync(_daemon, bridges);

        var noSubnet = await _daemon.RunDockerAsync(["create", "--name", "si-a", "--network", "si-auto", "--ip", "172.29.0.9", "busybox", "true"]);
        NetworksTestKit.AssertFails(noSubnet,
            $"Error response from daemon: invalid config for network si-auto: invalid endpoint settings:\n{NoUserSubnet}");
        var outside = await _daemon.RunDockerAsync(["run", "-d", "--name", "si-b", "--network", "si-user", "--ip", "10.99.99.5", "busybox", "true"]);
        NetworksTestKit.AssertFails(outside,
            "Error response from daemon: invalid config for network si-user: invalid endpoint settings:\nno configured subnet or ip-range contain the IP address 10.99.99.5", exitCode: 125);
        var ip6 = await _daemon.RunDockerAsync(["create", "--name", "si-c", "--network", "si-user", "--ip6", "fd00:dead::5", "busybox", "true"]);
        NetworksTestKit.AssertFails(ip6, $"invalid config for network si-user: invalid endpoint settings:\n{NoUserSubnet}");

        // The API answers 400 and no container exists afterwards.
        string body = """{"Image":"busybox","Cmd":["true"],"NetworkingConfig":{"EndpointsConfig":{"si-user":{"IPAMConfig":{"IPv4Address":"10.99.99.6"}}}}}""";
        using var response = await _daemon.Http.PostAsync("/v1.43/containers/create?name=si-d", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no configured subnet or ip-range contain the IP address 10.99.99.6", await response.Content.ReadAsStringAsync());
        Assert.Empty((await _daemon.RunCliAsync(["ps", "-aq"])).EnsureSuccess().Lines);

        // network connect, to a running and to a stopped container.
        await _daemon.RunSleeperAsync("si-run");
        await _daemon.CliOkAsync("create", "--name", "si-stopped", "busybox", "true");
        foreach (string container in new[] { "si-run", "si-stopped" })
        {
            var connectAuto = await _daemon.RunDockerAsync(["network", "connect", "--ip", "172.29.0.9", "si-auto", container]);
            NetworksTestKit.AssertFails(connectAuto, $"Error response from daemon: invalid endpoint settings:\n{NoUserSubnet}");
            var connectOutside = await _daemon.RunDockerAsync(["network", "connect", "--ip", "10.99.99.7", "si-user", container]);
            NetworksTestKit.AssertFails(connectOutside, "no configured subnet or ip-range contain the IP address 10.99.99.7");
            Assert.Equal("bridge", await _daemon.InspectFieldAsync(container, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}"));
        }

        // A good fixed address still works.
        string good = Subnet[..Subnet.LastIndexOf('.')] + ".77";
        await _daemon.RunSleeperAsync("si-good", "--network", "si-user", "--ip", good);
        Assert.Equal(good, await _daemon.AddressOnAsync("si-good", "si-user"));

        await _daemon.CliOkAsync("rm", "-f", "si-run", "si-stopped", "si-good");
        var after = await LeftoverProbe.CaptureSettledAsync(_daemon, bridges, baseline);
        Assert.True(after.NewSince(baseline) == "", "left behind:\n" + after.NewSince(baseline));
    }
}
