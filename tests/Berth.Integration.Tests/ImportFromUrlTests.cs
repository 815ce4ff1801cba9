using System.Net;
using System.Net.Sockets;
using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>`import URL`: the daemon downloads the rootfs tarball itself.</summary>
public sealed class ImportFromUrlTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public Task InitializeAsync() => _daemon.StartAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Import_from_a_url_creates_the_image_with_the_changes()
    {
        byte[] rootfs = await File.ReadAllBytesAsync(await BusyboxRootfs.GetTarPathAsync());
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeOnceAsync(listener, rootfs);

        var import = await _daemon.RunCliAsync(["import", "-c", "CMD [\"sh\"]", $"http://127.0.0.1:{port}/rootfs.tar", "fromurl:1"]);
        await serving;

        import.EnsureSuccess();
        Assert.StartsWith("sha256:", import.Stdout.Trim());
        var cmd = (await _daemon.RunCliAsync(["image", "inspect", "-f", "{{json .Config.Cmd}}", "fromurl:1"])).EnsureSuccess();
        Assert.Equal("[\"sh\"]", cmd.Stdout.Trim());
        var run = (await _daemon.RunCliAsync(["run", "--rm", "--network", "none", "fromurl:1", "echo", "downloaded"])).EnsureSuccess();
        Assert.Equal("downloaded", run.Stdout.Trim());
    }

    [RootFact]
    public async Task Import_from_an_unreachable_url_fails_cleanly()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var import = await _daemon.RunCliAsync(["import", $"http://127.0.0.1:{port}/rootfs.tar", "nowhere:1"]);

        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains("Error", import.Stderr);
        Assert.Empty((await _daemon.RunCliAsync(["images", "-q", "nowhere"])).EnsureSuccess().Lines);
    }

    private static async Task ServeOnceAsync(TcpListener listener, byte[] body)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        Assert.StartsWith("GET /rootfs.tar ", request.ToString());
        var header = $"HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
        await stream.WriteAsync(body);
    }
}
