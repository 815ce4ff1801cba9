using System.Globalization;

namespace Berth.Linux.Cgroups;

/// <summary>
/// Reads and removes a cgroup given its path relative to the hierarchy root ("/berth/&lt;id&gt;"), on
/// cgroup v2 (unified at /sys/fs/cgroup) or v1 (one hierarchy per controller, as on this hybrid host).
/// </summary>
public sealed class CgroupFs
{
    private static readonly string[] V1Controllers = ["memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "blkio", "devices", "net_cls", "net_prio", "hugetlb", "perf_event", "rdma", "misc", "systemd"];

    public CgroupFs(string root = "/sys/fs/cgroup")
    {
        Root = root;
        IsV2 = File.Exists(Path.Combine(root, "cgroup.controllers"));
    }

    public string Root { get; }
    public bool IsV2 { get; }

    /// <summary>Every directory that represents <paramref name="relativePath"/> (one on v2; one per controller on v1).</summary>
    public IReadOnlyList<string> Directories(string relativePath)
    {
        string rel = relativePath.TrimStart('/');
        if (IsV2)
        {
            return [Path.Combine(Root, rel)];
        }
        var dirs = new List<string>();
        foreach (string controller in V1Controllers)
        {
            string dir = Path.Combine(Root, controller, rel);
            if (Directory.Exists(dir) && !dirs.Contains(dir))
            {
                dirs.Add(dir);
            }
        }
        string unified = Path.Combine(Root, "unified", rel);
        if (Directory.Exists(unified))
        {
            dirs.Add(unified);
        }
        return dirs;
    }

    /// <summary>Pids in the cgroup (and its children), from cgroup.procs.</summary>
    public IReadOnlyList<int> Pids(string relativePath)
    {
        string dir = IsV2 ? Path.Combine(Root, relativePath.TrimStart('/')) : Path.Combine(Root, "pids", relativePath.TrimStart('/'));
        var pids = new List<int>();
        if (!Directory.Exists(dir))
        {
            return pids;
        }
        foreach (string procs in Directory.EnumerateFiles(dir, "cgroup.procs", SearchOption.AllDirectories))
        {
            foreach (string line in ReadLines(procs))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    pids.Add(pid);
                }
            }
        }
        return pids;
    }

    /// <summary>Removes the cgroup directories (deepest first); empty cgroups only, as the kernel requires.</summary>
    public void Remove(string relativePath)
    {
        foreach (string dir in Directories(relativePath))
        {
            var all = Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(dir);
            foreach (string d in all)
            {
                try
                {
                    Directory.Delete(d);
                }
                catch (DirectoryNotFoundException)
                {
                }
            }
        }
    }

    public CgroupSample Read(string relativePath) => IsV2 ? ReadV2(relativePath.TrimStart('/')) : ReadV1(relativePath.TrimStart('/'));

    private CgroupSample ReadV1(string rel)
    {
        string cpuacct = Path.Combine(Root, "cpuacct", rel);
        string memory = Path.Combine(Root, "memory", rel);
        string pids = Path.Combine(Root, "pids", rel);
        string freezer = Path.Combine(Root, "freezer", rel);
        var cpuStat = ReadKeyValues(Path.Combine(cpuacct, "cpuacct.stat"));
        // cpuacct.stat is in USER_HZ ticks (100/s on Linux).
        ulong user = cpuStat.GetValueOrDefault("user") * 10_000_000UL;
        ulong system = cpuStat.GetValueOrDefault("system") * 10_000_000UL;
        var perCpu = ReadFirstLine(Path.Combine(cpuacct, "cpuacct.usage_percpu"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList();
        ulong memLimit = ReadUlong(Path.Combine(memory, "memory.limit_in_bytes"));
        ulong pidsLimit = ReadUlong(Path.Combine(pids, "pids.max"));
        return new CgroupSample(
            ReadUlong(Path.Combine(cpuacct, "cpuacct.usage")),
            user,
            system,
            perCpu,
            ReadUlong(Path.Combine(memory, "memory.usage_in_bytes")),
            memLimit >= 0x7FFFFFFFFFFFF000UL ? null : memLimit,
            ReadKeyValues(Path.Combine(memory, "memory.stat")),
            ReadUlong(Path.Combine(pids, "pids.current")),
            pidsLimit == ulong.MaxValue ? null : pidsLimit,
            ReadFirstLine(Path.Combine(freezer, "freezer.state")) == "FROZEN");
    }

    private CgroupSample ReadV2(string rel)
    {
        string dir = Path.Combine(Root, rel);
        var cpu = ReadKeyValues(Path.Combine(dir, "cpu.stat"));
        ulong memLimit = ReadUlong(Path.Combine(dir, "memory.max"));
        ulong pidsLimit = ReadUlong(Path.Combine(dir, "pids.max"));
        return new CgroupSample(
            cpu.GetValueOrDefault("usage_usec") * 1000,
            cpu.GetValueOrDefault("user_usec") * 1000,
            cpu.GetValueOrDefault("system_usec") * 1000,
            [],
            ReadUlong(Path.Combine(dir, "memory.current")),
            memLimit == ulong.MaxValue ? null : memLimit,
            ReadKeyValues(Path.Combine(dir, "memory.stat")),
            ReadUlong(Path.Combine(dir, "pids.current")),
            pidsLimit == ulong.MaxValue ? null : pidsLimit,
            ReadFirstLine(Path.Combine(dir, "cgroup.freeze")) == "1");
    }

    /// <summary>A number from a one-value file; "max" and missing files read as ulong.MaxValue / 0.</summary>
    private static ulong ReadUlong(string path)
    {
        string text = ReadFirstLine(path);
        if (text == "max")
        {
            return ulong.MaxValue;
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : 0;
    }

    private static Dictionary<string, ulong> ReadKeyValues(string path)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (string line in ReadLines(path))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
            {
                result[parts[0]] = v;
            }
        }
        return result;
    }

    private static string ReadFirstLine(string path) => ReadLines(path).FirstOrDefault()?.Trim() ?? "";

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return [];
        }
    }
}
