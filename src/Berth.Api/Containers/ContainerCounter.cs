using Berth.Api.Services;
using Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>/info's container totals from the container engine.</summary>
public sealed class ContainerCounter(IContainerService containers) : IContainerCounter
{
    private static readonly ContainerListOptions All = new() { All = true };

    public ContainerCounts Count()
    {
        // IContainerCounter is synchronous; the engine answers lists from memory, so this does not block on I/O.
        var list = containers.ListAsync(All, CancellationToken.None).GetAwaiter().GetResult();
        var running = list.Count(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Restarting);
        var paused = list.Count(c => c.State.Status == ContainerStatus.Paused);
        return new ContainerCounts(list.Count, running, paused, list.Count - running - paused);
    }
}
