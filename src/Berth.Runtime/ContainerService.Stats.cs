using System.Globalization;
using Berth.Core.Containers;
using Berth.Linux.Cgroups;
using Berth.Runtime.State;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    public Task<ContainerStats> StatsAsync(string nameOrId, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        DateTimeOffset now = _time.GetUtcNow();
        if (!entry.Record.State.Running)
        {
            return Task.FromResult(new ContainerStats { Read = now });
        }
        string cgroup = CgroupPath(entry.Record.Id);
        CgroupSample s = _cgroups.Read(cgroup);
        var (system, cpus) = HostCpu();
        return Task.FromResult(new ContainerStats
        {
            Read = now,
            CpuTotalUsage = s.CpuTotalNs,
            CpuUserUsage = s.CpuUserNs,
            CpuKernelUsage = s.CpuSystemNs,
            PerCpuUsage = s.PerCpuNs,
            SystemCpuUsage = system,
            OnlineCpus = cpus,
            MemoryUsage = s.MemoryUsage,
            MemoryLimit = s.MemoryLimit ?? HostMemory(),
            MemoryStats = s.MemoryStat,
            PidsCurrent = s.PidsCurrent,
            PidsLimit = s.PidsLimit,
            Networks = entry.Record.Spec.NetworkMode == "host" ? null : ContainerNetworkStats.Read(entry.Record.State.Pid),
            BlkioServiceBytes = ContainerBlkioStats.Read(_cgroups, cgroup),
        });
    }

    /// <summary>Docker's system_cpu_usage: the "cpu" line of /proc/stat in nanoseconds (USER_HZ = 100), and the online CPU count.</summary>
    private static (ulong SystemNs, int Cpus) HostCpu()
    {
        ulong total = 0;
        int cpus = 0;
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                foreach (string f in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(7))
                {
                    total += ulong.Parse(f, CultureInfo.InvariantCulture);
                }
            }
            else if (line.StartsWith("cpu", StringComparison.Ordinal))
            {
                cpus++;
            }
        }
        return (total * 10_000_000UL, cpus);
    }

    private static ulong HostMemory()
    {
        foreach (string line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                return ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}
