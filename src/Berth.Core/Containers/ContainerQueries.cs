namespace Berth.Core.Containers;

public sealed record ContainerCreateResult(string Id, IReadOnlyList<string> Warnings);

/// <summary>`wait` conditions as Docker names them.</summary>
public enum WaitCondition
{
    NotRunning,
    NextExit,
    Removed,
}

/// <summary>`ps` options. Filters as the API sends them: id, name, label, status, exited, ancestor,
/// before, since. Unknown keys: InvalidArgument "invalid filter 'x'".</summary>
public sealed record ContainerListOptions
{
    public bool All { get; init; }
    public int? Limit { get; init; }
    public bool Size { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>`top` result: Docker's Titles + Processes (ps columns as strings).</summary>
public sealed record ContainerTop(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);

/// <summary>One sample for `stats` (the API layer keeps the previous sample for precpu_stats).</summary>
public sealed record ContainerStats
{
    public required DateTimeOffset Read { get; init; }
    /// <summary>Total CPU time used by the container, nanoseconds.</summary>
    public ulong CpuTotalUsage { get; init; }
    public ulong CpuUserUsage { get; init; }
    public ulong CpuKernelUsage { get; init; }
    public IReadOnlyList<ulong> PerCpuUsage { get; init; } = [];
    /// <summary>Host CPU time (all CPUs), nanoseconds, from /proc/stat, as Docker's system_cpu_usage.</summary>
    public ulong SystemCpuUsage { get; init; }
    public int OnlineCpus { get; init; }
    public ulong MemoryUsage { get; init; }
    public ulong MemoryLimit { get; init; }
    /// <summary>Raw memory.stat / memory.stat (v2) counters.</summary>
    public IReadOnlyDictionary<string, ulong> MemoryStats { get; init; } = new Dictionary<string, ulong>();
    public ulong PidsCurrent { get; init; }
    public ulong? PidsLimit { get; init; }
    /// <summary>Counters per interface (loopback left out); null when the container has no network of its own (host, none).</summary>
    public IReadOnlyDictionary<string, NetworkCounters>? Networks { get; init; }
    /// <summary>Bytes read and written per device (blkio.throttle.io_service_bytes_recursive, or io.stat on cgroup v2).</summary>
    public IReadOnlyList<BlkioEntry> BlkioServiceBytes { get; init; } = [];
}

public sealed record ContainerPruneResult(IReadOnlyList<string> ContainersDeleted, long SpaceReclaimed);
