using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>Shared steps of the networking and volume tests: containers, inspection, host sockets.</summary>
internal static class NetworksTestKit
{
    /// <summary>Runs `berth args` and returns trimmed stdout, failing the test with the output otherwise.</summary>
    public static async Task<string> CliOkAsync(this DaemonFixture daemon, params string[] args) =>
        (await daemon.RunCliAsync(args)).EnsureSuccess().Stdout.Trim();

    public static async Task<string> DockerOkAsync(this DaemonFixture daemon, params string[] args) =>
        (await daemon.RunDockerAsync(args)).EnsureSuccess().Stdout.Trim();

    /// <summary>`berth run -d … busybox sleep 600` with the given extra options; returns the container ID.</summary>
    public static Task<string> RunSleeperAsync(this DaemonFixture daemon, string name, params string[] options) =>
        daemon.CliOkAsync([.. new[] { "run", "-d", "--name", name }, .. options, "busybox", "sleep", "600"]);

    public static Task<CliResult> ExecAsync(this DaemonFixture daemon, string container, params string[] command) =>
        daemon.RunCliAsync([.. new[] { "exec", container }, .. command], timeout: TimeSpan.FromSeconds(60));

    public static Task<CliResult> ShAsync(this DaemonFixture daemon, string container, string script) =>
        daemon.ExecAsync(container, "sh", "-c", script);

    public static async Task<string> InspectFieldAsync(this DaemonFixture daemon, string container, string format) =>
        await daemon.CliOkAsync("inspect", "-f", format, container);

    public static async Task<JsonElement> InspectJsonDocAsync(this DaemonFixture daemon, params string[] args)
    {
        string json = await daemon.CliOkAsync(args);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>The address of <paramref name="container"/> on <paramref name="network"/>.</summary>
    public static Task<string> AddressOnAsync(this DaemonFixture daemon, string container, string network) =>
        daemon.InspectFieldAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");

    /// <summary>The host's source address towards the default route (its "primary" IP) and the gateway.</summary>
    public static async Task<(IPAddress Source, IPAddress Gateway)> HostRouteAsync()
    {
        string ip = TestEnvironment.FindExecutable("ip") ?? "/usr/sbin/ip";
        var route = (await ProcessRunner.RunAsync(new BinaryCommand(ip, []), ["-o", "-4", "route", "get", "1.1.1.1"])).EnsureSuccess();
        string[] f = route.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string src = f[Array.IndexOf(f, "src") + 1];
        int via = Array.IndexOf(f, "via");
        return (IPAddress.Parse(src), via >= 0 ? IPAddress.Parse(f[via + 1]) : IPAddress.Parse(src));
    }

    /// <summary>A TCP port nobody listens on right now (the kernel's pick; racy but good enough for tests).</summary>
    public static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Any, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static int FreeUdpPort()
    {
        using var u = new UdpClient(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)u.Client.LocalEndPoint!).Port;
    }

    /// <summary>GETs <paramref name="url"/>, retrying while the server in the container starts.</summary>
    public static async Task<string> HttpGetAsync(string url, TimeSpan? within = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"GET {url} failed for {within ?? TimeSpan.FromSeconds(15)}: {last?.Message}");
    }

    /// <summary>Starts busybox httpd in a detached container serving index.html = <paramref name="body"/>.</summary>
    public static Task<string> RunHttpdAsync(this DaemonFixture daemon, string name, string body, params string[] options) =>
        daemon.CliOkAsync([.. new[] { "run", "-d", "--name", name }, .. options, "busybox", "sh", "-c",
            $"mkdir -p /www && echo {body} > /www/index.html && exec httpd -f -p 80 -h /www"]);

    /// <summary>Polls <paramref name="probe"/> until it returns true (a container's server takes a moment to bind).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> probe, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        do
        {
            if (await probe())
            {
                return true;
            }
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }

    public static void AssertFails(CliResult result, string expectedMessage, int exitCode = 1)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        Assert.Contains(expectedMessage, result.Stderr);
    }
}
