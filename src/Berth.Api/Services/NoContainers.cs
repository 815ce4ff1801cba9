namespace Berth.Api.Services;

/// <summary>The counter for a daemon without a container engine: always zero.</summary>
public sealed class NoContainers : IContainerCounter
{
    public ContainerCounts Count() => default;
}
