using System.Net;
using System.Net.Sockets;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>-p [::1]:port:80, and the [::] half of a default -p, through berthd's userland proxy: reachable
/// with curl, port freed on stop, back after a daemon restart.</summary>
public sealed class NetworksProxyTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private static int FreeIpv6LoopbackPort()
    {
        using var l = new TcpListener(IPAddress.IPv6Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<CliResult> CurlAsync(int port) =>
        await ProcessRunner.RunAsync(new BinaryCommand("curl", []), ["-sS", "-g", "--max-time", "5", $"http://[::1]:{port}/"], timeout: TimeSpan.FromSeconds(15));

    private static async Task AssertServedAsync(int port, string text) =>
        Assert.True(await NetworksTestKit.EventuallyAsync(async () => (await CurlAsync(port)).Stdout.Trim() == text), (await CurlAsync(port)).ToString());

    private async Task AssertNothingLeftSinceAsync(LeftoverSnapshot baseline)
    {
        var after = await LeftoverProbe.CaptureSettledAsync(_daemon, [], baseline);
        Assert.True(after.NewSince(baseline) == "", "left behind:\n" + after.NewSince(baseline));
    }

    private static bool Listening(int port)
    {
        try
        {
            // SO_REUSEADDR: connections left in TIME_WAIT do not count, only a listener does.
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
            probe.Listen();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Docker 20.10's default: `-p P:80` publishes on 0.0.0.0 and on ::, and a container with no
    /// IPv6 address is reached on [::]:P through the proxy.</summary>
    [RootFact]
    public async Task A_port_without_a_host_address_is_served_on_both_families_for_an_ipv4_only_container()
    {
        var baseline = await LeftoverProbe.CaptureAsync(_daemon, []);
        int port = FreeIpv6LoopbackPort();
        await _daemon.RunHttpdAsync("px-both", "both-families", "-p", $"{port}:80");

        await AssertServedAsync(port, "both-families");
        var ipv4 = await ProcessRunner.RunAsync(new BinaryCommand("curl", []), ["-sS", "--max-time", "5", $"http://127.0.0.1:{port}/"], timeout: TimeSpan.FromSeconds(15));
        Assert.Equal("both-families", ipv4.Stdout.Trim());
        Assert.Equal([$"0.0.0.0:{port}", $"[::]:{port}"], (await _daemon.RunDockerAsync(["port", "px-both", "80"])).EnsureSuccess().Lines);

        await _daemon.CliOkAsync("rm", "-f", "px-both");
        Assert.False(Listening(port), $"[::]:{port} still listening after rm");
        await AssertNothingLeftSinceAsync(baseline);
    }

    [RootFact]
    public async Task Ipv6_loopback_reaches_busybox_httpd_until_the_container_stops()
    {
        var baseline = await LeftoverProbe.CaptureAsync(_daemon, []);
        int port = FreeIpv6LoopbackPort();
        await _daemon.RunHttpdAsync("px-web", "via-proxy", "-p", $"[::1]:{port}:80");

        await AssertServedAsync(port, "via-proxy");
        var nc = await ProcessRunner.RunAsync(new BinaryCommand("/bin/busybox", []), ["sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc ::1 {port}"], timeout: TimeSpan.FromSeconds(15));
        Assert.Contains("via-proxy", nc.Stdout);
        Assert.Contains($"[::1]:{port}", (await _daemon.RunDockerAsync(["port", "px-web", "80"])).EnsureSuccess().Stdout);

        var taken = await _daemon.RunDockerAsync(["run", "-d", "--name", "px-second", "-p", $"[::1]:{port}:80", "busybox", "sleep", "600"]);
        Assert.True(taken.ExitCode != 0, taken.ToString());
        Assert.Contains($"Bind for [::1]:{port} failed: port is already allocated", taken.Stderr);
        await _daemon.CliOkAsync("rm", "-f", "px-second");

        // A daemon killed and restarted serves the port again for the container that kept running.
        await _daemon.KillAsync();
        await _daemon.StartAsync();
        Assert.True(await NetworksTestKit.EventuallyAsync(async () => (await CurlAsync(port)).Stdout.Trim() == "via-proxy"), "not served after restart");

        await _daemon.CliOkAsync("stop", "-t", "1", "px-web");
        Assert.False(Listening(port), $"[::1]:{port} still listening after stop");
        Assert.NotEqual(0, (await CurlAsync(port)).ExitCode);

        await _daemon.CliOkAsync("start", "px-web");
        Assert.True(await NetworksTestKit.EventuallyAsync(async () => (await CurlAsync(port)).Stdout.Trim() == "via-proxy"), "not served after start");
        await _daemon.CliOkAsync("rm", "-f", "px-web");
        Assert.False(Listening(port), $"[::1]:{port} still listening after rm");
        await AssertNothingLeftSinceAsync(baseline);
    }
}
