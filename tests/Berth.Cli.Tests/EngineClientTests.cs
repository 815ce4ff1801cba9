using System.Text;
using Berth.Client;
using Xunit;

namespace Berth.Cli.Tests;

public class EngineClientTests
{
    [Fact]
    public async Task ChunkedJsonBodyIsDecoded()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(200, "{\"a\":[1,2,3],\"b\":\"chunk boundaries everywhere\"}", Chunked: true));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        var node = await client.GetJsonAsync("/x", new EngineQuery().Add("k", "v w"), CancellationToken.None);
        Assert.Equal("chunk boundaries everywhere", (string?)node!["b"]);
        Assert.Equal("/v1.51/x?k=v%20w", engine.Requests[0].Target);
        Assert.Equal("api.moby.localhost", engine.Requests[0].Headers["Host"]);
    }

    [Fact]
    public async Task NonSuccessBecomesEngineApiException()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Error(404, "No such image: x:latest"));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host), "1.44");
        var ex = await Assert.ThrowsAsync<EngineApiException>(() => client.GetJsonAsync("/images/x/json", null, CancellationToken.None));
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("No such image: x:latest", ex.Message);
        Assert.Equal("/v1.44/images/x/json", engine.Requests[0].Target);
    }

    /// <summary>dockerd 20.10's answer to a newer client (its versions middleware).</summary>
    private static FakeResponse OldDaemon(RecordedRequest request) =>
        request.Target == "/_ping" ? new FakeResponse(200, "OK", "text/plain") { Headers = { ["API-Version"] = "1.41" } }
        : request.Target.StartsWith("/v1.51/", StringComparison.Ordinal) ? FakeResponse.Error(400, "client version 1.51 is too new. Maximum supported API version is 1.41")
        : FakeResponse.Json("{\"Id\":\"ok\"}");

    [Fact]
    public async Task An_older_daemon_brings_the_version_down_and_the_request_is_sent_again()
    {
        await using var engine = new FakeEngine(r => OldDaemon(r));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        Assert.Equal("ok", (string?)(await client.GetJsonAsync("/info", null, CancellationToken.None))!["Id"]);
        Assert.Equal("1.41", client.ApiVersion);
        Assert.Equal("ok", (string?)(await client.PostJsonAsync("/containers/create", null, new System.Text.Json.Nodes.JsonObject(), CancellationToken.None))!["Id"]);
        Assert.Equal(["/v1.51/info", "/v1.41/info", "/v1.41/containers/create"], engine.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task A_streamed_body_is_sent_once_after_a_ping()
    {
        await using var engine = new FakeEngine(r => OldDaemon(r));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        var request = new EngineRequest("POST", "/images/load") { BodyStream = new MemoryStream("tar bytes"u8.ToArray()), ContentType = "application/x-tar" };
        using (await client.SendAsync(request, CancellationToken.None))
        {
        }
        Assert.Equal(["/_ping", "/v1.41/images/load"], engine.Requests.Select(r => r.Target));
        Assert.Equal("tar bytes", engine.Requests[1].BodyText);
    }

    [Fact]
    public async Task A_daemon_that_takes_the_default_costs_no_extra_request()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Error(404, "No such container: x"));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        await Assert.ThrowsAsync<EngineApiException>(() => client.GetJsonAsync("/containers/x/json", null, CancellationToken.None));
        var request = new EngineRequest("POST", "/images/load") { BodyStream = new MemoryStream([1]) };
        await Assert.ThrowsAsync<EngineApiException>(() => client.SendAsync(request, CancellationToken.None));
        Assert.Equal(["/v1.51/containers/x/json", "/v1.51/images/load"], engine.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task A_fixed_version_is_never_changed()
    {
        await using var engine = new FakeEngine(r => OldDaemon(r));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host), "1.51");
        var ex = await Assert.ThrowsAsync<EngineApiException>(() => client.GetJsonAsync("/info", null, CancellationToken.None));
        Assert.Contains("is too new", ex.Message);
        Assert.Equal(["/v1.51/info"], engine.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task PostSendsJsonWithContentLength()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"Id\":\"c1\"}"));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        var result = await client.PostJsonAsync("/containers/create", null, new System.Text.Json.Nodes.JsonObject { ["Image"] = "busybox" }, CancellationToken.None);
        Assert.Equal("c1", (string?)result!["Id"]);
        Assert.Equal("{\"Image\":\"busybox\"}", engine.Requests[0].BodyText);
        Assert.Equal("application/json", engine.Requests[0].Headers["Content-Type"]);
        Assert.Equal("19", engine.Requests[0].Headers["Content-Length"]);
    }

    [Fact]
    public async Task JsonMessagesAreReadAsTheyArrive()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(200, "{\"status\":\"a\"}\n{\"status\":\"b\",\"id\":\"x\"}\r\n{\"stream\":\"c\"}", Chunked: true));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        using var response = await client.SendAsync(new EngineRequest("POST", "/images/load"), CancellationToken.None);
        var messages = new List<string>();
        await foreach (var message in response.ReadJsonMessagesAsync(CancellationToken.None))
        {
            messages.Add(message.ToJsonString());
        }

        Assert.Equal(["{\"status\":\"a\"}", "{\"status\":\"b\",\"id\":\"x\"}", "{\"stream\":\"c\"}"], messages);
    }

    [Fact]
    public async Task HijackUpgradesAndDemultiplexes()
    {
        var frames = new MemoryStream();
        frames.Write([1, 0, 0, 0, 0, 0, 0, 3]);
        frames.Write("out"u8);
        frames.Write([2, 0, 0, 0, 0, 0, 0, 4]);
        frames.Write("err!"u8);
        var payload = Encoding.Latin1.GetString(frames.ToArray());
        await using var engine = new FakeEngine(_ => new FakeResponse(101, payload, "application/vnd.docker.multiplexed-stream", Upgrade: true));
        var client = new EngineClient(EngineEndpoint.Parse(engine.Host));
        await using var stream = await client.HijackAsync(new EngineRequest("POST", "/containers/c1/attach", new EngineQuery().AddFlag("stream", true)), CancellationToken.None);
        Assert.True(stream.IsMultiplexed);
        Assert.Equal("Upgrade", engine.Requests[0].Headers["Connection"]);
        Assert.Equal("tcp", engine.Requests[0].Headers["Upgrade"]);

        await stream.WriteAsync("stdin-data"u8.ToArray());
        stream.CloseWrite();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await new MultiplexedStreamReader(stream).CopyToAsync(stdout, stderr, CancellationToken.None);
        Assert.Equal("out", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err!", Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal("stdin-data", Encoding.UTF8.GetString(engine.HijackedInput.Single()));
    }

    [Fact]
    public async Task MultiplexedReaderRejectsBadHeaderAndReportsSystemErrors()
    {
        var bad = new MultiplexedStreamReader(new MemoryStream([9, 0, 0, 0, 0, 0, 0, 0]));
        await Assert.ThrowsAsync<InvalidDataException>(async () => await bad.ReadHeaderAsync(CancellationToken.None));

        var systemError = new MultiplexedStreamReader(new MemoryStream([3, 0, 0, 0, 0, 0, 0, 4, (byte)'o', (byte)'o', (byte)'p', (byte)'s']));
        var ex = await Assert.ThrowsAsync<IOException>(() => systemError.CopyToAsync(Stream.Null, Stream.Null, CancellationToken.None));
        Assert.Equal("oops", ex.Message);

        var truncated = new MultiplexedStreamReader(new MemoryStream([1, 0, 0]));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await truncated.ReadHeaderAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(null, null, null, "unix", "/run/berth/berth.sock")]
    [InlineData("unix:///tmp/x.sock", "tcp://1.2.3.4:1", null, "unix", "/tmp/x.sock")]
    [InlineData(null, "tcp://127.0.0.1:2375", "unix:///y", "tcp", "127.0.0.1")]
    [InlineData(null, null, "unix:///var/run/docker.sock", "unix", "/var/run/docker.sock")]
    public void HostResolution(string? flag, string? berthHost, string? dockerHost, string scheme, string address)
    {
        var env = new Dictionary<string, string?> { ["BERTH_HOST"] = berthHost, ["DOCKER_HOST"] = dockerHost };
        var endpoint = EngineEndpoint.Resolve(flag, n => env.GetValueOrDefault(n));
        Assert.Equal(scheme, endpoint.Scheme);
        Assert.Equal(address, endpoint.Address);
    }
}
