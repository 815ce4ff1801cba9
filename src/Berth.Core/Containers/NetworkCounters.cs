namespace Berth.Core.Containers;

/// <summary>One interface's counters from the container's network namespace (/proc/net/dev), as Docker's stats "networks" entry.</summary>
public sealed record NetworkCounters(
    ulong RxBytes,
    ulong RxPackets,
    ulong RxErrors,
    ulong RxDropped,
    ulong TxBytes,
    ulong TxPackets,
    ulong TxErrors,
    ulong TxDropped);
