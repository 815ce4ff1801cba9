using System.Net;
using System.Net.Sockets;
using System.Text;
using Berth.Core.Containers;

namespace Berth.Api.Tests.Containers;

public sealed class ContainerStreamTests
{
    private static readonly DateTimeOffset T = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Logs_AreMultiplexedFrames_WithoutTty()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "l");
        containers.Logs.Add(new LogEntry(LogStream.Stdout, T, "out\n"u8.ToArray()));
        containers.Logs.Add(new LogEntry(LogStream.Stderr, T, "err\n"u8.ToArray()));

        using var response = await server.Client.GetAsync("/v1.51/containers/l/logs?stdout=1&stderr=1&timestamps=1&tail=10&since=1700000000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.docker.multiplexed-stream", response.Content.Headers.ContentType!.MediaType);
        var frames = ContainerTestServer.Frames(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal([(1, "2025-01-02T03:04:05.000000000Z out\n"), (2, "2025-01-02T03:04:05.000000000Z err\n")], frames);
        Assert.Equal(10, containers.LastLogs!.Tail);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), containers.LastLogs.Since);
    }

    [Fact]
    public async Task Logs_AreRaw_WithTty_AndNeedAStream()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "t", tty: true);
        containers.Logs.Add(new LogEntry(LogStream.Stdout, T, "a\r\n"u8.ToArray()));

        using var response = await server.Client.GetAsync("/containers/t/logs?stdout=1");
        Assert.Equal("application/vnd.docker.raw-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("a\r\n", await response.Content.ReadAsStringAsync());

        using var none = await server.Client.GetAsync("/containers/t/logs");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("You must choose at least one stream", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_Upgrades_AndHalfCloseClosesStdin()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "a");
        var session = new FakeStdioSession(tty: false);
        containers.Session = session;

        var (socket, head, rest) = await ContainerTestServer.SendRawAsync(server.SocketPath,
            "POST /v1.51/containers/a/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        using (socket)
        {
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            Assert.Contains("Content-Type: application/vnd.docker.multiplexed-stream", head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Upgrade: tcp", head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Connection: Upgrade", head, StringComparison.OrdinalIgnoreCase);

            session.Emit(LogStream.Stderr, "ready\n");
            await socket.SendAsync("hello"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);

            var frames = ContainerTestServer.Frames(await ContainerTestServer.ReadToEndAsync(socket, rest));
            Assert.Equal([(2, "ready\n"), (1, "hello")], frames);
            await session.StdinClosed.Task.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("hello", Encoding.ASCII.GetString(session.Stdin.ToArray()));
        }
    }

    [Fact]
    public async Task Attach_WithoutUpgrade_StreamsOutputAs200()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "a", tty: true);
        var session = new FakeStdioSession(tty: true);
        containers.Session = session;
        session.Emit(LogStream.Stdout, "raw");
        await session.CloseStdinAsync(CancellationToken.None); // ends the output

        using var response = await server.Client.PostAsync("/containers/a/attach?stream=1&stdout=1", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.docker.raw-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("raw", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Attach_ToStoppedContainerWithoutStream_IsRefusedBeforeUpgrade()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "p", ContainerStatus.Paused);

        using var response = await server.Client.PostAsync("/containers/p/attach?stream=1&stdout=1", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
