namespace Berth.Api.Services;

/// <summary>
/// Where /info reads container totals. The container engine provides it once it exists; until
/// then <see cref="NoContainers"/> is registered by default.
/// </summary>
public interface IContainerCounter
{
    ContainerCounts Count();
}
