using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Core.Events;
using Berth.Core.Volumes;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Volumes;

public sealed class VolumeEndpointsTests
{
    private sealed class RecordingSink : IEventSink
    {
        public List<EngineEvent> Events { get; } = [];

        public void Publish(EngineEvent engineEvent)
        {
            lock (Events)
            {
                Events.Add(engineEvent);
            }
        }
    }

    private static async Task<(ApiTestServer Server, FakeVolumeService Volumes, RecordingSink Sink)> StartAsync()
    {
        var volumes = new FakeVolumeService();
        var sink = new RecordingSink();
        var server = await ApiTestServer.StartAsync(new FakeImageService(), services =>
        {
            services.AddSingleton<IVolumeService>(volumes);
            services.AddSingleton<IEventSink>(sink);
        });
        return (server, volumes, sink);
    }

    [Fact]
    public async Task Create_Returns201WithVolumeJsonInDockerFieldOrder()
    {
        var (server, volumes, sink) = await StartAsync();
        await using var _ = server;
        using var content = new StringContent("""{"name":"data","Driver":"local","DriverOpts":{"type":"tmpfs"},"Labels":{"a":"b"}}""", Encoding.UTF8, "application/json");

        using var response = await server.Client.PostAsync("/v1.51/volumes/create", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            """{"CreatedAt":"2024-01-02T03:04:05Z","Driver":"local","Labels":{"a":"b"},"Mountpoint":"/data/volumes/data/_data","Name":"data","Options":{"type":"tmpfs"},"Scope":"local"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal("data", volumes.LastCreate!.Value.Name);
        Assert.Equal("local", volumes.LastCreate.Value.Driver);
        var created = Assert.Single(sink.Events);
        Assert.Equal(("volume", "create", "data", "local"), (created.Type, created.Action, created.ActorId, created.Attributes["driver"]));
    }

    [Fact]
    public async Task Create_UnknownDriverIs404AndEmptyBodyIs400()
    {
        var (server, _, _) = await StartAsync();
        await using var _s = server;
        using var content = new StringContent("""{"Name":"x","Driver":"nfs"}""", Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("/volumes/create", content);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("create x: error looking up volume plugin nfs: plugin \"nfs\" not found", error.RootElement.GetProperty("message").GetString());

        using var empty = await server.Client.PostAsync("/volumes/create", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task List_PassesFiltersAndWrapsVolumesWithWarnings()
    {
        var (server, volumes, _) = await StartAsync();
        await using var _ = server;
        volumes.Add("b");
        volumes.Add("a", new Dictionary<string, string> { ["k"] = "v" });

        var filters = Uri.EscapeDataString("""{"dangling":{"true":true},"label":["k"]}""");
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync($"/v1.51/volumes?filters={filters}"));

        var list = json.RootElement.GetProperty("Volumes");
        Assert.Equal(["a", "b"], list.EnumerateArray().Select(v => v.GetProperty("Name").GetString()));
        Assert.False(list[0].TryGetProperty("UsageData", out JsonElement _));
        Assert.Equal(0, json.RootElement.GetProperty("Warnings").GetArrayLength());
        Assert.Equal(["true"], volumes.LastFilters!["dangling"]);
        Assert.Equal(["k"], volumes.LastFilters["label"]);
    }

    [Fact]
    public async Task Inspect_FoundAndMissing()
    {
        var (server, volumes, _) = await StartAsync();
        await using var _ = server;
        volumes.Add("data");

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/volumes/data"));
        Assert.Equal("/data/volumes/data/_data", json.RootElement.GetProperty("Mountpoint").GetString());

        using var missing = await server.Client.GetAsync("/volumes/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("""{"message":"get nope: no such volume"}""", (await missing.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Remove_204_409_404_AndForce()
    {
        var (server, volumes, sink) = await StartAsync();
        await using var _ = server;
        volumes.Add("free");
        volumes.Add("busy");
        volumes.InUse.Add("busy");

        using var removed = await server.Client.DeleteAsync("/volumes/free");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(volumes.LastForce);
        var destroy = Assert.Single(sink.Events);
        Assert.Equal(("destroy", "free"), (destroy.Action, destroy.ActorId));

        using var busy = await server.Client.DeleteAsync("/volumes/busy");
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Contains("remove busy: volume is in use - [c1]", await busy.Content.ReadAsStringAsync());

        using var missing = await server.Client.DeleteAsync("/volumes/gone");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var forced = await server.Client.DeleteAsync("/volumes/gone?force=1");
        Assert.Equal(HttpStatusCode.NoContent, forced.StatusCode);
        Assert.True(volumes.LastForce);
        Assert.Single(sink.Events); // a forced miss removes nothing, so no event
    }

    [Fact]
    public async Task Prune_ReportsDeletedAndReclaimed_AllBefore142()
    {
        var (server, volumes, sink) = await StartAsync();
        await using var _ = server;
        volumes.Add("x");
        volumes.Add("y");
        volumes.InUse.Add("y");

        var filters = Uri.EscapeDataString("""{"label":{"a=b":true}}""");
        using var response = await server.Client.PostAsync($"/v1.51/volumes/prune?filters={filters}", null);
        Assert.Equal("""{"VolumesDeleted":["x"],"SpaceReclaimed":100}""", await response.Content.ReadAsStringAsync());
        Assert.False(volumes.LastPruneAll);
        Assert.Equal(["a=b"], volumes.LastFilters!["label"]);
        Assert.Equal(["destroy", "prune"], sink.Events.Select(e => e.Action));
        Assert.Equal("100", sink.Events[1].Attributes["reclaimed"]);

        using var old = await server.Client.PostAsync("/v1.41/volumes/prune", null);
        Assert.Equal("""{"SpaceReclaimed":0}""", await old.Content.ReadAsStringAsync());
        Assert.True(volumes.LastPruneAll);
    }

    [Fact]
    public async Task SystemDf_FillsVolumesWithUsageData()
    {
        var (server, volumes, _) = await StartAsync();
        await using var _ = server;
        volumes.Add("data", usage: new VolumeUsageData(4096, 2));

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/system/df"));
        var volume = Assert.Single(json.RootElement.GetProperty("Volumes").EnumerateArray());
        Assert.Equal("data", volume.GetProperty("Name").GetString());
        Assert.Equal(4096, volume.GetProperty("UsageData").GetProperty("Size").GetInt64());
        Assert.Equal(2, volume.GetProperty("UsageData").GetProperty("RefCount").GetInt64());

        using var imagesOnly = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/system/df?type=image"));
        Assert.Equal(0, imagesOnly.RootElement.GetProperty("Volumes").GetArrayLength());
    }
}
