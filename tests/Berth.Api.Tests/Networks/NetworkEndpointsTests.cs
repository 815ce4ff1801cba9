using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Api.Events;
using Berth.Api.Tests.Containers;
using Berth.Core.Containers;
using Berth.Core.Events;
using Berth.Core.Networks;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Networks;

public sealed class NetworkEndpointsTests
{
    private const string BridgeId = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string MineId = "2222222222222222222222222222222222222222222222222222222222222222";
    private const string ContainerId = "3333333333333333333333333333333333333333333333333333333333333333";

    private static async Task<(ApiTestServer Server, FakeNetworkService Networks)> StartAsync(FakeContainerService? containers = null)
    {
        var networks = new FakeNetworkService();
        networks.Networks.Add(FakeNetworkService.Network("bridge", BridgeId, predefined: true));
        networks.Networks.Add(FakeNetworkService.Network("mine", MineId, containers: new Dictionary<string, NetworkEndpointInfo>
        {
            [ContainerId] = new("web", "eeee", "02:42:ac:1e:00:02", "172.30.0.2/16", ""),
        }));
        var events = new EventStream();
        var server = await ApiTestServer.StartAsync(new FakeImageService(), services =>
        {
            services.AddSingleton<IEventSink>(events);
            services.AddSingleton<INetworkService>(networks);
            if (containers is not null)
            {
                services.AddSingleton<IContainerService>(containers);
            }
        }, events);
        return (server, networks);
    }

    private static async Task<string?> MessageAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("message").GetString();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Inspect_HasDockersShapeAndFieldOrder()
    {
        var (server, _) = await StartAsync();
        await using var _s = server;
        var text = await server.Client.GetStringAsync("/v1.51/networks/mine");
        Assert.Equal(
            "{\"Name\":\"mine\",\"Id\":\"" + MineId + "\",\"Created\":\"2024-05-06T07:08:09.1234567Z\",\"Scope\":\"local\",\"Driver\":\"bridge\","
            + "\"EnableIPv4\":true,\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"172.30.0.0/16\",\"Gateway\":\"172.30.0.1\"}]},"
            + "\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,"
            + "\"Containers\":{\"" + ContainerId + "\":{\"Name\":\"web\",\"EndpointID\":\"eeee\",\"MacAddress\":\"02:42:ac:1e:00:02\",\"IPv4Address\":\"172.30.0.2/16\",\"IPv6Address\":\"\"}},"
            + "\"Options\":{\"com.docker.network.bridge.name\":\"bt-222222222222\"},\"Labels\":{\"a\":\"b\"}}",
            text);
    }

    [Fact]
    public async Task Inspect_MissingOrOtherScope_Is404()
    {
        var (server, _) = await StartAsync();
        await using var _s = server;
        using var missing = await server.Client.GetAsync("/networks/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("network nope not found", await MessageAsync(missing));

        using var swarm = await server.Client.GetAsync("/networks/mine?scope=swarm&verbose=1");
        Assert.Equal(HttpStatusCode.NotFound, swarm.StatusCode);
        using var local = await server.Client.GetAsync("/networks/mine?scope=local");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task List_PassesFiltersAndLeavesContainersEmpty()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        var filters = Uri.EscapeDataString("{\"name\":{\"min\":true},\"driver\":[\"bridge\"],\"dangling\":{\"false\":true}}");
        using var listed = await server.Client.GetAsync("/networks?filters=" + filters);
        var listText = await listed.Content.ReadAsStringAsync();
        Assert.True(listed.IsSuccessStatusCode, listText);
        using var doc = JsonDocument.Parse(listText);
        var item = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("mine", item.GetProperty("Name").GetString());
        Assert.Equal("{}", item.GetProperty("Containers").GetRawText());
        Assert.Equal(["min"], networks.LastFilters!["name"]);
        Assert.Equal(["bridge"], networks.LastFilters["driver"]);
        Assert.Equal(["false"], networks.LastFilters["dangling"]);

        using var all = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/networks"));
        Assert.Equal(2, all.RootElement.GetArrayLength());

        using var bad = await server.Client.GetAsync("/networks?filters=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Create_Answers201WithIdAndWarning_AndMapsTheRequest()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        var seen = new List<EngineEvent>();
        using var response = await server.Client.PostAsync("/v1.51/networks/create", Json("""
            {"Name":"n1","CheckDuplicate":true,"Driver":"bridge","Scope":"local","Internal":true,"Attachable":true,
             "IPAM":{"Driver":"default","Config":[{"Subnet":"10.9.0.0/24","IPRange":"10.9.0.128/25","Gateway":"10.9.0.254"}],"Options":{"x":"y"}},
             "Options":{"com.docker.network.bridge.name":"br-x"},"Labels":{"k":"v"}}
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spec = Assert.Single(networks.Created);
        Assert.Equal("{\"Id\":\"" + networks.Networks[^1].Id + "\",\"Warning\":\"\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("n1", spec.Name);
        Assert.Equal("bridge", spec.Driver);
        Assert.True(spec.Internal);
        Assert.True(spec.Attachable);
        var pool = Assert.Single(spec.Ipam!.Config);
        Assert.Equal(("10.9.0.0/24", "10.9.0.128/25", "10.9.0.254"), (pool.Subnet, pool.IPRange, pool.Gateway));
        Assert.Equal("y", spec.Ipam.Options["x"]);
        Assert.Equal("br-x", spec.Options["com.docker.network.bridge.name"]);
        Assert.Equal("v", spec.Labels["k"]);
    }

    [Fact]
    public async Task Create_PublishesAnEvent()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var response = await server.Client.PostAsync("/networks/create", Json("{\"name\":\"lower\"}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await foreach (var e in server.Events.SubscribeAsync(since, null, cts.Token))
        {
            Assert.Equal(("network", "create", networks.Networks[^1].Id), (e.Type, e.Action, e.ActorId));
            Assert.Equal("lower", e.Attributes["name"]);
            Assert.Equal("bridge", e.Attributes["type"]);
            break;
        }
    }

    [Theory]
    [InlineData("{\"Name\":\"\"}", 400, "invalid name: name cannot be empty")]
    [InlineData("{\"Name\":\"bridge\"}", 403, "operation is not permitted on predefined bridge network ")]
    [InlineData("{\"Name\":\"mine\"}", 409, "network with name mine already exists")]
    [InlineData("{\"Name\":\"x\",\"Scope\":\"swarm\"}", 400, "scope \"swarm\" is not supported: Berth networks are local")]
    [InlineData("{\"Name\":\"x\",\"ConfigOnly\":true}", 400, "config-only networks are not supported by Berth")]
    [InlineData("{\"Name\":", 400, null)]
    public async Task Create_RefusesWhatItCannotHonour(string body, int status, string? message)
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        using var response = await server.Client.PostAsync("/networks/create", Json(body));
        Assert.Equal(status, (int)response.StatusCode);
        if (message is not null)
        {
            Assert.Equal(message, await MessageAsync(response));
        }

        Assert.Empty(networks.Created);
    }

    [Fact]
    public async Task Create_PassesIPv6AndItsSubnetToTheEngine()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        using var response = await server.Client.PostAsync("/networks/create",
            Json("{\"Name\":\"v6\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\"fd00:1:2::/64\"}]}}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spec = Assert.Single(networks.Created);
        Assert.True(spec.EnableIPv6);
        Assert.Equal("fd00:1:2::/64", Assert.Single(spec.Ipam!.Config).Subnet);
    }

    [Fact]
    public async Task Remove_Answers204_AndPredefinedIs403()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        using var removed = await server.Client.DeleteAsync("/v1.51/networks/mine");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal([MineId], networks.Removed);

        using var predefined = await server.Client.DeleteAsync("/networks/bridge");
        Assert.Equal(HttpStatusCode.Forbidden, predefined.StatusCode);
        using var missing = await server.Client.DeleteAsync("/networks/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Prune_ListsTheRemovedNames_OrNull()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        networks.Networks.Add(FakeNetworkService.Network("idle", new string('4', 64)));
        var filters = Uri.EscapeDataString("{\"label\":{\"a=b\":true}}");
        using var first = await server.Client.PostAsync("/networks/prune?filters=" + filters, null);
        Assert.Equal("{\"NetworksDeleted\":[\"idle\"]}", await first.Content.ReadAsStringAsync());
        Assert.Equal(["a=b"], networks.LastFilters!["label"]);

        using var second = await server.Client.PostAsync("/networks/prune", null);
        Assert.Equal("{\"NetworksDeleted\":null}", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Connect_Is501_AfterCheckingNetworkAndContainer()
    {
        var containers = new FakeContainerService();
        containers.Add(ContainerId, "web");
        var (server, _) = await StartAsync(containers);
        await using var _s = server;
        using var connect = await server.Client.PostAsync("/networks/mine/connect", Json("{\"Container\":\"web\",\"EndpointConfig\":{\"Aliases\":[\"w\"]}}"));
        Assert.Equal(HttpStatusCode.NotImplemented, connect.StatusCode);
        Assert.Contains("connecting a container to network mine is not implemented", await connect.Content.ReadAsStringAsync());

        using var noNetwork = await server.Client.PostAsync("/networks/nope/connect", Json("{\"Container\":\"web\"}"));
        Assert.Equal(HttpStatusCode.NotFound, noNetwork.StatusCode);
        using var noContainer = await server.Client.PostAsync("/networks/mine/connect", Json("{\"Container\":\"ghost\"}"));
        Assert.Equal(HttpStatusCode.NotFound, noContainer.StatusCode);
    }

    [Fact]
    public async Task Disconnect_ResolvesTheContainerAndCallsTheService()
    {
        var containers = new FakeContainerService();
        containers.Add(ContainerId, "web");
        var (server, networks) = await StartAsync(containers);
        await using var _s = server;
        using var response = await server.Client.PostAsync("/networks/mine/disconnect", Json("{\"Container\":\"web\",\"Force\":true}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([(MineId, ContainerId)], networks.Disconnected);
    }

    [Fact]
    public async Task Disconnect_WithoutContainerService_Is501()
    {
        var (server, networks) = await StartAsync();
        await using var _s = server;
        using var response = await server.Client.PostAsync("/networks/mine/disconnect", Json("{\"Container\":\"web\"}"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(networks.Disconnected);
    }
}
