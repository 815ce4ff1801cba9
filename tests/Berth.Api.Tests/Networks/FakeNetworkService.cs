using Berth.Core.Errors;
using Berth.Core.Networks;

namespace Berth.Api.Tests.Networks;

/// <summary>In-memory networks that record what the endpoints asked for.</summary>
internal sealed class FakeNetworkService : INetworkService
{
    public List<NetworkInfo> Networks { get; } = [];
    public List<NetworkCreateSpec> Created { get; } = [];
    public List<string> Removed { get; } = [];
    public List<(string Network, string Container)> Disconnected { get; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? LastFilters { get; private set; }

    public static NetworkInfo Network(string name, string id, string driver = "bridge", bool predefined = false,
        IReadOnlyDictionary<string, NetworkEndpointInfo>? containers = null) => new()
    {
        Id = id,
        Name = name,
        Created = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567),
        Driver = driver,
        Predefined = predefined,
        Ipam = driver == "bridge"
            ? new IpamSpec { Config = [new IpamPoolConfig { Subnet = "172.30.0.0/16", Gateway = "172.30.0.1" }] }
            : new IpamSpec(),
        Options = driver == "bridge" ? new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "bt-" + id[..12] } : new Dictionary<string, string>(),
        Labels = new Dictionary<string, string> { ["a"] = "b" },
        Containers = containers ?? new Dictionary<string, NetworkEndpointInfo>(),
    };

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<NetworkInfo> CreateAsync(NetworkCreateSpec spec, CancellationToken cancellationToken)
    {
        if (Networks.Any(n => n.Name == spec.Name))
        {
            throw EngineException.Conflict($"network with name {spec.Name} already exists");
        }

        Created.Add(spec);
        var network = Network(spec.Name, new string((char)('a' + Created.Count), 64));
        Networks.Add(network);
        return Task.FromResult(network);
    }

    public Task<IReadOnlyList<NetworkInfo>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        LastFilters = filters;
        var result = Networks.Where(n => !filters.TryGetValue("name", out var names) || names.Any(v => n.Name.Contains(v, StringComparison.Ordinal)));
        return Task.FromResult<IReadOnlyList<NetworkInfo>>(result.ToList());
    }

    public Task<NetworkInfo> GetAsync(string nameOrId, CancellationToken cancellationToken) =>
        Task.FromResult(Networks.FirstOrDefault(n => n.Name == nameOrId || n.Id.StartsWith(nameOrId, StringComparison.Ordinal))
            ?? throw EngineException.NotFound($"network {nameOrId} not found"));

    public async Task RemoveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var network = await GetAsync(nameOrId, cancellationToken);
        if (network.Predefined)
        {
            throw EngineException.Forbidden($"{network.Name} is a pre-defined network and cannot be removed");
        }

        Networks.Remove(network);
        Removed.Add(nameOrId);
    }

    public Task<IReadOnlyList<string>> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        LastFilters = filters;
        var unused = Networks.Where(n => !n.Predefined && n.Containers.Count == 0).ToList();
        unused.ForEach(n => Networks.Remove(n));
        return Task.FromResult<IReadOnlyList<string>>(unused.Select(n => n.Name).ToList());
    }

    public Task DisconnectAsync(string networkNameOrId, string containerId, CancellationToken cancellationToken)
    {
        Disconnected.Add((networkNameOrId, containerId));
        return Task.CompletedTask;
    }

    public Task<string> CreateNetnsAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task DeleteNetnsAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<EndpointConfig> ConnectAsync(string networkNameOrId, string containerId, string containerName, EndpointRequest request, string netnsPath, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<EndpointConfig>> GetEndpointsAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<PortBinding>> PublishAsync(string containerId, IReadOnlyList<PortBinding> bindings, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task UnpublishAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string> GetResolvConfAsync(string containerId, IReadOnlyList<string> dns, IReadOnlyList<string> dnsSearch, IReadOnlyList<string> dnsOptions, CancellationToken cancellationToken) => throw new NotSupportedException();
}
