using System.Net;
using System.Text.Json;
using Berth.Core.Containers;

namespace Berth.Api.Tests.Containers;

public sealed class ContainerReadTests
{
    [Fact]
    public async Task Inspect_HasDockersShape()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add(new string('a', 64), "created", ContainerStatus.Created);
        containers.Add("hostnet", "h", networkMode: "host");

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/containers/created/json"));
        var root = json.RootElement;
        Assert.Equal("/created", root.GetProperty("Name").GetString());
        Assert.Equal("2025-01-02T03:04:05.1234567Z", root.GetProperty("Created").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("created", state.GetProperty("Status").GetString());
        Assert.False(state.GetProperty("Running").GetBoolean());
        Assert.Equal("0001-01-01T00:00:00Z", state.GetProperty("StartedAt").GetString());
        Assert.Equal("overlay2", root.GetProperty("Driver").GetString());
        Assert.Equal("linux", root.GetProperty("Platform").GetString());
        Assert.Equal("/u", root.GetProperty("GraphDriver").GetProperty("Data").GetProperty("UpperDir").GetString());
        var host = root.GetProperty("HostConfig");
        Assert.Equal("bridge", host.GetProperty("NetworkMode").GetString());
        Assert.Equal(64L * 1024 * 1024, host.GetProperty("ShmSize").GetInt64());
        Assert.Equal("no", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal("json-file", host.GetProperty("LogConfig").GetProperty("Type").GetString());
        Assert.Equal(JsonValueKind.Array, host.GetProperty("MaskedPaths").ValueKind);
        var config = root.GetProperty("Config");
        Assert.Equal("aaaaaaaaaaaa", config.GetProperty("Hostname").GetString());
        Assert.Equal("busybox", config.GetProperty("Image").GetString());
        Assert.Equal("PATH=/bin", config.GetProperty("Env")[0].GetString());
        Assert.Empty(root.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Mounts").ValueKind);

        using var hostJson = JsonDocument.Parse(await server.Client.GetStringAsync("/containers/h/json"));
        Assert.True(hostJson.RootElement.GetProperty("NetworkSettings").GetProperty("Networks").TryGetProperty("host", out var _));

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/containers/nope/json")).StatusCode);
    }

    [Fact]
    public async Task List_PassesOptions_AndFormatsStatus()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "up");
        containers.Add("c2", "down", ContainerStatus.Exited);

        var filters = Uri.EscapeDataString("""{"status":{"exited":true},"label":["a=1"]}""");
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync($"/containers/json?all=1&limit=5&size=1&filters={filters}"));
        Assert.True(containers.LastList!.All && containers.LastList.Size);
        Assert.Equal(5, containers.LastList.Limit);
        Assert.Equal(["exited"], containers.LastList.Filters["status"]);
        Assert.Equal(["a=1"], containers.LastList.Filters["label"]);

        var byId = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("Id").GetString()!);
        Assert.Equal("Up 3 minutes", byId["c1"].GetProperty("Status").GetString());
        Assert.Equal("running", byId["c1"].GetProperty("State").GetString());
        Assert.Equal("/up", byId["c1"].GetProperty("Names")[0].GetString());
        Assert.Equal("sleep 100", byId["c1"].GetProperty("Command").GetString());
        Assert.Equal("Exited (3) 5 seconds ago", byId["c2"].GetProperty("Status").GetString());
        Assert.Equal("bridge", byId["c2"].GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
    }

    [Fact]
    public async Task Top_And_Stats()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "s");

        using var top = JsonDocument.Parse(await server.Client.GetStringAsync("/containers/s/top?ps_args=aux"));
        Assert.Equal("PID", top.RootElement.GetProperty("Titles")[1].GetString());
        Assert.Equal("aux", top.RootElement.GetProperty("Processes")[0][2].GetString());

        using var stats = JsonDocument.Parse(await server.Client.GetStringAsync("/containers/s/stats?stream=false&one-shot=true"));
        var root = stats.RootElement;
        Assert.Equal("/s", root.GetProperty("name").GetString());
        Assert.Equal(1000UL, root.GetProperty("cpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal(400UL, root.GetProperty("cpu_stats").GetProperty("cpu_usage").GetProperty("usage_in_kernelmode").GetUInt64());
        Assert.Equal(5000UL, root.GetProperty("cpu_stats").GetProperty("system_cpu_usage").GetUInt64());
        Assert.Equal(2, root.GetProperty("cpu_stats").GetProperty("online_cpus").GetInt32());
        Assert.Equal(4096UL, root.GetProperty("memory_stats").GetProperty("usage").GetUInt64());
        Assert.True(root.GetProperty("memory_stats").GetProperty("limit").GetUInt64() < ulong.MaxValue); // clamped to host memory
        Assert.Equal(1UL, root.GetProperty("pids_stats").GetProperty("current").GetUInt64());
        Assert.Equal("0001-01-01T00:00:00Z", root.GetProperty("preread").GetString());
        Assert.False(root.TryGetProperty("networks", out var _));
    }

    [Fact]
    public async Task Stats_Stream_EmitsOneObjectPerSecond()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "s");

        using var response = await server.Client.GetAsync("/containers/s/stats", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var first = JsonDocument.Parse((await reader.ReadLineAsync())!);
        using var second = JsonDocument.Parse((await reader.ReadLineAsync())!);
        Assert.Equal("0001-01-01T00:00:00Z", first.RootElement.GetProperty("preread").GetString());
        Assert.Equal(first.RootElement.GetProperty("read").GetString(), second.RootElement.GetProperty("preread").GetString());
        Assert.Equal(1000UL, second.RootElement.GetProperty("precpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
    }
}
