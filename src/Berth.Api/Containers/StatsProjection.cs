using Berth.Api.Images;
using Berth.Api.Models.Containers;
using Berth.Core.Containers;

namespace Berth.Api.Containers;

/// <summary>Engine samples → Docker's stats JSON; the previous sample becomes precpu_stats.</summary>
internal sealed class StatsProjection(ContainerInfo container, long hostMemory)
{
    public ContainerStatsResponse Project(ContainerStats sample, ContainerStats? previous) => new()
    {
        Name = container.Name,
        Id = container.Id,
        Read = Rfc3339.Utc(sample.Read),
        PreRead = previous is null ? DockerTime.Zero : Rfc3339.Utc(previous.Read),
        PidsStats = new PidsStats { Current = sample.PidsCurrent, Limit = sample.PidsLimit },
        BlkioStats = new BlkioStats
        {
            IoServiceBytesRecursive = sample.BlkioServiceBytes.Count == 0
                ? null
                : [.. sample.BlkioServiceBytes.Select(b => new BlkioStatEntry { Major = b.Major, Minor = b.Minor, Op = b.Op, Value = b.Value })],
        },
        CpuStats = Cpu(sample),
        PreCpuStats = previous is null ? new CpuStats() : Cpu(previous),
        MemoryStats = new MemoryStats
        {
            Usage = sample.MemoryUsage,
            Stats = sample.MemoryStats,
            // An unlimited cgroup reports a huge number; dockerd shows the host's memory instead.
            Limit = hostMemory > 0 && (sample.MemoryLimit == 0 || sample.MemoryLimit > (ulong)hostMemory) ? (ulong)hostMemory : sample.MemoryLimit,
        },
        Networks = sample.Networks?.ToDictionary(
            n => n.Key,
            n => new NetworkStats
            {
                RxBytes = n.Value.RxBytes,
                RxPackets = n.Value.RxPackets,
                RxErrors = n.Value.RxErrors,
                RxDropped = n.Value.RxDropped,
                TxBytes = n.Value.TxBytes,
                TxPackets = n.Value.TxPackets,
                TxErrors = n.Value.TxErrors,
                TxDropped = n.Value.TxDropped,
            },
            StringComparer.Ordinal),
    };

    private static CpuStats Cpu(ContainerStats s) => new()
    {
        CpuUsage = new CpuUsage
        {
            TotalUsage = s.CpuTotalUsage,
            PerCpuUsage = s.PerCpuUsage.Count == 0 ? null : s.PerCpuUsage,
            UsageInKernelmode = s.CpuKernelUsage,
            UsageInUsermode = s.CpuUserUsage,
        },
        SystemCpuUsage = s.SystemCpuUsage,
        OnlineCpus = s.OnlineCpus,
        ThrottlingData = new ThrottlingData(),
    };
}
