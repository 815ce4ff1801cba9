namespace Berth.Linux.Cgroups;

/// <summary>Raw usage counters of one cgroup. CPU times in nanoseconds; null limit = unlimited.</summary>
public sealed record CgroupSample(
    ulong CpuTotalNs,
    ulong CpuUserNs,
    ulong CpuSystemNs,
    IReadOnlyList<ulong> PerCpuNs,
    ulong MemoryUsage,
    ulong? MemoryLimit,
    IReadOnlyDictionary<string, ulong> MemoryStat,
    ulong PidsCurrent,
    ulong? PidsLimit,
    bool Frozen);
