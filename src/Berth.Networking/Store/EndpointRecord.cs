namespace Berth.Networking.Store;

/// <summary>A container's attachment to a network; Address holds the container's IP with the subnet's prefix.</summary>
internal sealed record EndpointRecord
{
    public required string NetworkId { get; init; }
    public required string ContainerId { get; init; }
    public required string ContainerName { get; init; }
    public required string EndpointId { get; init; }
    public required string InterfaceName { get; init; }
    public required Ipv4Subnet Address { get; init; }
    /// <summary>The container's IPv6 address with the subnet's prefix, on IPv6-enabled networks.</summary>
    public Ipv6Subnet? Address6 { get; init; }
    public required string MacAddress { get; init; }
    public required string HostVeth { get; init; }
    public required string NetnsPath { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Connection order per container: the first network owns the default route.</summary>
    public long Sequence { get; init; }
}
