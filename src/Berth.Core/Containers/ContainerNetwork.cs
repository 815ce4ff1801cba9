using Berth.Core.Networks;

namespace Berth.Core.Containers;

/// <summary>
/// One network a container belongs to (inspect's NetworkSettings.Networks[name]): resolved at create
/// or connect, with what the container asked for. <see cref="Endpoint"/> is the live endpoint while
/// the container runs, null otherwise (Docker shows the entry with empty addresses then).
/// </summary>
public sealed record ContainerNetwork
{
    public required string NetworkId { get; init; }
    public required string NetworkName { get; init; }
    public EndpointRequest Request { get; init; } = new();
    public EndpointConfig? Endpoint { get; init; }
}
