namespace Berth.Core.Networks;

/// <summary>A network as inspect and list show it.</summary>
public sealed record NetworkInfo
{
    /// <summary>64 lowercase hex characters.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }
    public string Scope { get; init; } = "local";
    /// <summary>"bridge", "host" or "null".</summary>
    public required string Driver { get; init; }
    public bool EnableIPv6 { get; init; }
    public required IpamSpec Ipam { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    /// <summary>True for bridge, host and none.</summary>
    public bool Predefined { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Container ID -> endpoint.</summary>
    public IReadOnlyDictionary<string, NetworkEndpointInfo> Containers { get; init; } = new Dictionary<string, NetworkEndpointInfo>();
}
