using Berth.Core.Networks;
using Berth.Networking.Netlink;
using Berth.Storage.Metadata;
using Berth.Testing;

namespace Berth.Networking.Tests;

/// <summary>
/// A NetworkService with its own database, exec root and default bridge name. Dispose removes what a
/// test may have left: endpoints, namespaces, networks, bridges and every Berth iptables rule.
/// </summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    private readonly List<string> _containers = [];

    private ServiceHarness(TempDirectory temp, NetworkServiceOptions options)
    {
        Temp = temp;
        Options = options;
        Database = new MetadataDatabase(temp.Combine("berth.db"));
        Service = new NetworkService(Database, options);
    }

    public TempDirectory Temp { get; }
    public NetworkServiceOptions Options { get; }
    public MetadataDatabase Database { get; private set; }
    public NetworkService Service { get; private set; }
    public string Suffix { get; } = Sh.Unique();

    public static async Task<ServiceHarness> StartAsync()
    {
        var temp = new TempDirectory();
        string suffix = Sh.Unique();
        var options = new NetworkServiceOptions
        {
            ExecRoot = temp.Combine("run"),
            DefaultBridgeName = "btd" + suffix,
            // Own chains per harness: tests run in parallel, and beside any real berthd on the machine.
            ChainPrefix = "BT" + suffix.ToUpperInvariant(),
            ResolvConfPath = "/etc/resolv.conf",
        };
        var harness = new ServiceHarness(temp, options);
        await harness.Service.InitializeAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>A "container": a namespace plus an endpoint on <paramref name="network"/>.</summary>
    public async Task<(string Id, string Netns, EndpointConfig Endpoint)> RunContainerAsync(string network, string name, EndpointRequest? request = null)
    {
        string id = RandomIds.NewId();
        _containers.Add(id);
        string netns = await Service.CreateNetnsAsync(id, CancellationToken.None);
        var endpoint = await Service.ConnectAsync(network, id, name, request ?? new EndpointRequest(), netns, CancellationToken.None);
        return (id, netns, endpoint);
    }

    /// <summary>Simulates a daemon restart: a new service on the same database.</summary>
    public async Task RestartAsync()
    {
        await Service.DisposeAsync();
        Service = new NetworkService(Database, Options);
        await Service.InitializeAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        var ct = CancellationToken.None;
        foreach (var id in _containers)
        {
            await Service.UnpublishAsync(id, ct);
            foreach (var endpoint in await Service.GetEndpointsAsync(id, ct))
            {
                await Service.DisconnectAsync(endpoint.NetworkId, id, ct);
            }

            await Service.DeleteNetnsAsync(id, ct);
        }

        foreach (var network in await Service.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), ct))
        {
            if (!network.Predefined)
            {
                await Service.RemoveAsync(network.Id, ct);
            }
        }

        await Service.RemoveAllRulesAsync(ct);
        await Service.DisposeAsync();
        using (var netlink = new RouteNetlink())
        {
            if (netlink.GetLinkIndex(Options.DefaultBridgeName) is { } index)
            {
                netlink.DeleteLink(index);
            }
        }

        Database.Dispose();
        Temp.Dispose();
    }
}
