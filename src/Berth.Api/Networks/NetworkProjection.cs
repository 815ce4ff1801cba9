using Berth.Api.Images;
using Berth.Api.Models.Networks;
using Berth.Core.Networks;

namespace Berth.Api.Networks;

/// <summary>Engine networks to Docker's wire shape.</summary>
internal static class NetworkProjection
{
    private static readonly IReadOnlyDictionary<string, NetworkEndpointResource> NoContainers =
        new Dictionary<string, NetworkEndpointResource>();

    /// <summary>List items: dockerd fills Containers only on inspect.</summary>
    public static NetworkResponse Summary(NetworkInfo network) => Project(network, NoContainers);

    public static NetworkResponse Inspect(NetworkInfo network) => Project(network,
        network.Containers.ToDictionary(
            c => c.Key,
            c => new NetworkEndpointResource
            {
                Name = c.Value.Name,
                EndpointID = c.Value.EndpointId,
                MacAddress = c.Value.MacAddress,
                IPv4Address = c.Value.IPv4Address,
                IPv6Address = c.Value.IPv6Address,
            },
            StringComparer.Ordinal));

    private static NetworkResponse Project(NetworkInfo network, IReadOnlyDictionary<string, NetworkEndpointResource> containers) => new()
    {
        Name = network.Name,
        Id = network.Id,
        Created = Rfc3339.Utc(network.Created),
        Scope = network.Scope,
        Driver = network.Driver,
        EnableIPv6 = network.EnableIPv6,
        IPAM = new NetworkIpam
        {
            Driver = network.Ipam.Driver,
            Options = network.Ipam.Options,
            Config = network.Ipam.Config.Select(p => new NetworkIpamConfig
            {
                Subnet = Empty(p.Subnet),
                IPRange = Empty(p.IPRange),
                Gateway = Empty(p.Gateway),
            }).ToArray(),
        },
        Internal = network.Internal,
        Attachable = network.Attachable,
        Ingress = network.Ingress,
        Containers = containers,
        Options = network.Options,
        Labels = network.Labels,
    };

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
