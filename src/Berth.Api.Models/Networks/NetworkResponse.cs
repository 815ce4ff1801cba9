namespace Berth.Api.Models.Networks;

/// <summary>
/// Docker's network as GET /networks and GET /networks/{id} answer it (API 1.51, dockerd 28 field
/// order). List items carry an empty Containers map, as dockerd 28 sends.
/// </summary>
public sealed class NetworkResponse
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    /// <summary>RFC 3339 with nanoseconds.</summary>
    public required string Created { get; init; }
    public string Scope { get; init; } = "local";
    public required string Driver { get; init; }
    public bool EnableIPv4 { get; init; } = true;
    public bool EnableIPv6 { get; init; }
    public required NetworkIpam IPAM { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public NetworkConfigReference ConfigFrom { get; init; } = new();
    public bool ConfigOnly { get; init; }
    public required IReadOnlyDictionary<string, NetworkEndpointResource> Containers { get; init; }
    public required IReadOnlyDictionary<string, string> Options { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
}
