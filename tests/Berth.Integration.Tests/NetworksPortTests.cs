using System.Net;
using System.Net.Sockets;
using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>Published ports (-p): TCP on loopback and all addresses, UDP, random host ports, conflicts.</summary>
public sealed class NetworksPortTests : IAsyncLifetime
{
    // A static UDP echo server: busybox's nc has no -u, so the container runs this instead.
    private const string UdpEchoSource = """
        #include <netinet/in.h>
        #include <stdlib.h>
        #include <sys/socket.h>
        int main(int argc, char **argv) {
            int s = socket(AF_INET, SOCK_DGRAM, 0);
            struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
            if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) return 1;
            for (;;) {
                char buf[512]; struct sockaddr_in from; socklen_t len = sizeof from;
                ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
                if (n > 0) sendto(s, buf, n, 0, (struct sockaddr *)&from, len);
            }
        }
        """;

    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Tcp_ports_published_on_loopback_all_addresses_and_a_random_port()
    {
        int loopbackPort = NetworksTestKit.FreeTcpPort();
        int anyPort = NetworksTestKit.FreeTcpPort();
        await _daemon.RunHttpdAsync("np-web", "hello-published",
            "-p", $"127.0.0.1:{loopbackPort}:80", "-p", $"{anyPort}:80", "-p", "80");
        var (hostIp, _) = await NetworksTestKit.HostRouteAsync();

        Assert.Equal("hello-published", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{loopbackPort}/")).Trim());
        Assert.Equal("hello-published", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{anyPort}/")).Trim());
        Assert.Equal("hello-published", (await NetworksTestKit.HttpGetAsync($"http://{hostIp}:{anyPort}/")).Trim());
        // Bound to 127.0.0.1 only: not reachable through the host's other address.
        using (var probe = new TcpClient())
        {
            var connect = probe.ConnectAsync(hostIp, loopbackPort);
            var finished = await Task.WhenAny(connect, Task.Delay(2000));
            Assert.False(finished == connect && connect.IsCompletedSuccessfully, $"{hostIp}:{loopbackPort} answered");
        }

        var port = (await _daemon.RunCliAsync(["port", "np-web", "80"])).EnsureSuccess();
        Assert.Contains($"127.0.0.1:{loopbackPort}", port.Lines);
        Assert.Contains($"0.0.0.0:{anyPort}", port.Lines);
        string random = Assert.Single(port.Lines, l => l.StartsWith("0.0.0.0:", StringComparison.Ordinal) && l != $"0.0.0.0:{anyPort}");
        int randomPort = int.Parse(random["0.0.0.0:".Length..]);
        Assert.InRange(randomPort, 1024, 65535);
        Assert.Equal("hello-published", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{randomPort}/")).Trim());
    }

    [RootFact]
    public async Task Publishing_a_port_twice_fails_with_port_is_already_allocated()
    {
        int hostPort = NetworksTestKit.FreeTcpPort();
        await _daemon.RunHttpdAsync("np-first", "first", "-p", $"{hostPort}:80");
        var second = await _daemon.RunCliAsync(["run", "-d", "--name", "np-second", "-p", $"{hostPort}:80", "busybox", "sleep", "60"]);
        Assert.True(second.ExitCode != 0, second.ToString());
        Assert.Contains($"Bind for 0.0.0.0:{hostPort} failed: port is already allocated", second.Stderr);
        Assert.Equal("first", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{hostPort}/")).Trim());
    }

    [RootFact]
    public async Task Udp_port_published_echoes_back()
    {
        if (TestEnvironment.FindExecutable("cc") is not { } cc)
        {
            return; // nothing to build the UDP server with; the TCP tests cover DNAT
        }
        string dir = Path.Combine(_daemon.Root, "udp-echo");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "echo.c"), UdpEchoSource);
        (await ProcessRunner.RunAsync(new BinaryCommand(cc, []),
            ["-static", "-O2", "-o", Path.Combine(dir, "udp-echo"), Path.Combine(dir, "echo.c")])).EnsureSuccess();

        int hostPort = NetworksTestKit.FreeUdpPort();
        await _daemon.CliOkAsync("run", "-d", "--name", "np-udp", "-p", $"127.0.0.1:{hostPort}:5353/udp",
            "-v", $"{dir}:/opt/udp:ro", "busybox", "/opt/udp/udp-echo", "5353");
        Assert.Contains($"127.0.0.1:{hostPort}", (await _daemon.RunCliAsync(["port", "np-udp", "5353/udp"])).EnsureSuccess().Lines);

        using var udp = new UdpClient(AddressFamily.InterNetwork);
        bool echoed = await NetworksTestKit.EventuallyAsync(async () =>
        {
            await udp.SendAsync(Encoding.ASCII.GetBytes("udp-hello"), new IPEndPoint(IPAddress.Loopback, hostPort));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                var reply = await udp.ReceiveAsync(cts.Token);
                return Encoding.ASCII.GetString(reply.Buffer) == "udp-hello";
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        });
        Assert.True(echoed, "no UDP echo through the published port");
    }
}
