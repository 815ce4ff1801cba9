using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Berth.Api.Tests.Containers;

public sealed class ExecEndpointsTests
{
    private static readonly string ExecId = new('e', 64);

    [Fact]
    public async Task CreateAndInspect()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "x");

        using var created = await server.Client.PostAsync("/containers/x/exec",
            new StringContent("""{"Cmd":["echo","hi"],"AttachStdout":true,"AttachStderr":true,"User":"1000","Env":["A=1"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(ExecId, id.RootElement.GetProperty("Id").GetString());
        Assert.Equal(["echo", "hi"], containers.LastExec!.Cmd);
        Assert.Equal("1000", containers.LastExec.User);

        using var inspect = JsonDocument.Parse(await server.Client.GetStringAsync($"/exec/{ExecId}/json"));
        var root = inspect.RootElement;
        Assert.Equal(ExecId, root.GetProperty("ID").GetString());
        Assert.Equal(7, root.GetProperty("ExitCode").GetInt32());
        Assert.Equal("echo", root.GetProperty("ProcessConfig").GetProperty("entrypoint").GetString());
        Assert.Equal("hi", root.GetProperty("ProcessConfig").GetProperty("arguments")[0].GetString());
        Assert.True(root.GetProperty("OpenStdout").GetBoolean());

        using var noCmd = await server.Client.PostAsync("/containers/x/exec", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noCmd.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/exec/nope/json")).StatusCode);
    }

    [Fact]
    public async Task Start_WithBodyAndUpgrade_IsHijacked()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        var session = new FakeStdioSession(tty: false);
        containers.Session = session;

        // The docker CLI sends the start options as a body together with Upgrade: tcp.
        const string body = "{\"Detach\":false,\"Tty\":false}\n";
        var (socket, head, rest) = await ContainerTestServer.SendRawAsync(server.SocketPath,
            $"POST /v1.51/exec/{ExecId}/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        using (socket)
        {
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            Assert.Contains("Content-Type: application/vnd.docker.multiplexed-stream", head, StringComparison.Ordinal);
            Assert.Contains("Upgrade: tcp", head, StringComparison.Ordinal);

            await socket.SendAsync("ping"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);
            var frames = ContainerTestServer.Frames(await ContainerTestServer.ReadToEndAsync(socket, rest));
            Assert.Equal([(1, "ping")], frames);
            Assert.True(session.StdinClosed.Task.IsCompleted);
        }

        // The server is still healthy for other connections.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/_ping")).StatusCode);
    }

    [Fact]
    public async Task Start_ThatFails_UpgradesFirst_AndWritesTheErrorIntoTheStream()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        const string error = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nosuchcommand\": executable file not found in $PATH";
        containers.ExecStartError = Berth.Core.Errors.EngineException.Internal(error);

        const string body = "{\"Detach\":false,\"Tty\":false}\n";
        var (socket, head, rest) = await ContainerTestServer.SendRawAsync(server.SocketPath,
            $"POST /v1.51/exec/{ExecId}/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        using (socket)
        {
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            var frames = ContainerTestServer.Frames(await ContainerTestServer.ReadToEndAsync(socket, rest));
            Assert.Equal([(2, error + "\r\n")], frames);
        }

        // Detached, there is no stream to write into: the error is the HTTP answer.
        using var detached = await server.Client.PostAsync($"/exec/{ExecId}/start", new StringContent("""{"Detach":true}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.InternalServerError, detached.StatusCode);
        Assert.Contains("executable file not found", await detached.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Detached_Answers200()
    {
        var (server, _) = await ContainerTestServer.StartAsync();
        await using var __ = server;

        using var response = await server.Client.PostAsync($"/exec/{ExecId}/start", new StringContent("""{"Detach":true}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
