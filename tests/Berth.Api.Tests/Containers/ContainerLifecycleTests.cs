using System.Net;
using System.Text;
using System.Text.Json;

namespace Berth.Api.Tests.Containers;

public sealed class ContainerLifecycleTests
{
    [Fact]
    public async Task Create_MapsConfigAndHostConfig_AndAnswers201()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        const string body = """
            {"Image":"busybox","Cmd":["echo","hi"],"Entrypoint":[""],"Env":["A=1"],"Tty":true,"OpenStdin":true,
             "Labels":{"x":"y"},"ExposedPorts":{"80/tcp":{}},"StopTimeout":5,"Healthcheck":null,
             "HostConfig":{"NetworkMode":"host","Memory":1048576,"AutoRemove":true,"PidsLimit":null,"MemorySwappiness":null,
               "RestartPolicy":{"Name":"","MaximumRetryCount":0},"Ulimits":[{"Name":"nofile","Soft":10,"Hard":20}],
               "PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"ConsoleSize":[24,80],"Mounts":[{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1024}}]},
             "NetworkingConfig":{"EndpointsConfig":{}}}
            """;
        using var response = await server.Client.PostAsync("/v1.47/containers/create?name=web", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(new string('c', 64), json.RootElement.GetProperty("Id").GetString());
        var warnings = json.RootElement.GetProperty("Warnings").EnumerateArray().Select(w => w.GetString()).ToArray();
        Assert.Equal("from engine", warnings[0]);
        Assert.Contains(warnings, w => w!.Contains("Published ports", StringComparison.Ordinal));

        var spec = containers.LastSpec!;
        Assert.Equal("web", containers.LastName);
        Assert.Equal(["echo", "hi"], spec.Cmd);
        Assert.Empty(spec.Entrypoint!); // [""] resets the image's entrypoint
        Assert.True(spec.Tty && spec.OpenStdin && spec.AutoRemove);
        Assert.Equal("host", spec.NetworkMode);
        Assert.Equal(1048576, spec.Memory);
        Assert.Equal("no", spec.RestartPolicy.Name);
        Assert.Equal(["80/tcp"], spec.ExposedPorts);
        Assert.Equal(5, spec.StopTimeout);
        Assert.Equal(new Berth.Core.Containers.Ulimit("nofile", 10, 20), spec.Ulimits[0]);
        Assert.Equal("1024", spec.Mounts[0].Options["size"]);
    }

    [Fact]
    public async Task Create_Errors_MapToDockerStatuses()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "taken");

        using var bad = await server.Client.PostAsync("/containers/create", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var missing = await server.Client.PostAsync("/containers/create", new StringContent("""{"Image":"missing"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No such image: missing:latest", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var conflict = await server.Client.PostAsync("/containers/create?name=taken", new StringContent("""{"Image":"busybox"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task StartStopKillRemove_AnswerDockerStatusCodes()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "up");
        containers.Add("c2", "down", Berth.Core.Containers.ContainerStatus.Exited);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.PostAsync("/containers/down/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Client.PostAsync("/containers/up/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.PostAsync("/containers/up/stop?t=3&signal=SIGINT", null)).StatusCode);
        Assert.Equal(("up", (int?)3, "SIGINT"), containers.LastStop);

        using var kill = await server.Client.PostAsync("/containers/down/kill", null);
        Assert.Equal(HttpStatusCode.Conflict, kill.StatusCode);
        Assert.Contains("cannot kill container: down: Container c2 is not running", await kill.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Conflict, (await server.Client.DeleteAsync("/containers/up")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync("/containers/up?force=1&v=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.DeleteAsync("/containers/up")).StatusCode);
    }

    [Fact]
    public async Task Wait_SendsHeadersFirst_ThenTheExitCode()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "w");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/containers/w/wait?condition=next-exit");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(containers.Wait.Task.IsCompleted); // the headers came before the exit

        containers.Wait.SetResult(3);
        var body = (await response.Content.ReadAsStringAsync()).Trim();
        Assert.Equal("""{"StatusCode":3,"Error":null}""", body);

        using var invalid = await server.Client.PostAsync("/containers/w/wait?condition=bogus", null);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Prune_And_NotImplemented()
    {
        var (server, _) = await ContainerTestServer.StartAsync();
        await using var __ = server;

        using var prune = JsonDocument.Parse(await (await server.Client.PostAsync("/containers/prune", null)).Content.ReadAsStringAsync());
        Assert.Equal("c1", prune.RootElement.GetProperty("ContainersDeleted")[0].GetString());
        Assert.Equal(10, prune.RootElement.GetProperty("SpaceReclaimed").GetInt64());

        // archive/changes/export/commit are served now (Filesystem/ContainerFilesystemEndpointsTests); update is not yet.
        using var update = await server.Client.PostAsync("/v1.51/containers/x/update", null);
        Assert.Equal(HttpStatusCode.NotImplemented, update.StatusCode);
        Assert.Contains("is not implemented in Berth yet", await update.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
