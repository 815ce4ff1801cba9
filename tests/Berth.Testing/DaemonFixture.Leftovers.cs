using System.Text.Json;
using Xunit.Sdk;

namespace Berth.Testing;

public sealed partial class DaemonFixture
{
    private readonly HashSet<string> _seenContainers = [];
    private readonly HashSet<string> _engineMounts = [];
    private readonly HashSet<string> _interfacesAtStart = NetworkInterfaces();

    /// <summary>Remembers every container the daemon lists now, so <see cref="AssertNoLeftoversAsync"/>
    /// can look for their cgroups after they are gone. Call after creating containers.</summary>
    public async Task RememberContainersAsync(CancellationToken cancellationToken = default)
    {
        if (ProcessId is null)
        {
            return;
        }
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/containers/json?all=1", cancellationToken));
        lock (_seenContainers)
        {
            foreach (JsonElement c in doc.RootElement.EnumerateArray())
            {
                _seenContainers.Add(c.GetProperty("Id").GetString()!);
            }
        }
    }

    /// <summary>Adds container IDs learnt otherwise (raw API calls) to the ones checked for leftovers.</summary>
    public void RememberContainers(IEnumerable<string> ids)
    {
        lock (_seenContainers)
        {
            _seenContainers.UnionWith(ids);
        }
    }

    /// <summary>
    /// Fails unless everything a removed container owned is gone: container directories, mounts
    /// under the daemon's roots, conmon/runc/container processes, cgroup directories named after
    /// the remembered containers, network namespaces, and veths/bridges of this daemon's networks
    /// that appeared since the fixture was created. Cleanup after `rm` is allowed a few seconds.
    /// </summary>
    public async Task AssertNoLeftoversAsync(TimeSpan? patience = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(10));
        List<string> problems;
        while (true)
        {
            problems = await FindLeftoversAsync(cancellationToken);
            if (problems.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200, cancellationToken);
        }
        if (problems.Count > 0)
        {
            throw new XunitException("leftovers after the containers were removed:\n  " + string.Join("\n  ", problems));
        }
    }

    private async Task<List<string>> FindLeftoversAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await RememberContainersAsync(cancellationToken);
        string containersDir = Path.Combine(DataRoot, "containers");
        if (Directory.Exists(containersDir))
        {
            problems.AddRange(Directory.EnumerateDirectories(containersDir).Select(d => "container directory " + d));
        }
        problems.AddRange(MountTable.MountsUnder(Root).Except(_engineMounts).Select(m => "mount " + m));
        problems.AddRange(ProcessesUnderRoot().Select(p => $"process {p.Pid} {p.CommandLine}"));
        string[] ids;
        lock (_seenContainers)
        {
            ids = [.. _seenContainers];
        }
        problems.AddRange(CgroupDirectoriesNamed(ids).Select(d => "cgroup " + d));
        // dockerd unmounts a removed sandbox's namespace at once but deletes the file in a garbage
        // collection every 60 s; a namespace still held is a mount, which the check above finds.
        string netns = Path.Combine(ExecRoot, "netns");
        if (Directory.Exists(netns) && !TestEngine.IsDockerd)
        {
            problems.AddRange(Directory.EnumerateFileSystemEntries(netns).Select(f => "network namespace " + f));
        }
        problems.AddRange((await NewInterfacesOfThisDaemonAsync(cancellationToken)).Select(i => "network interface " + i));
        // berthd drops runc's state of an exited container itself instead of running `runc delete`.
        string runcState = Path.Combine(ExecRoot, "runc");
        if (Directory.Exists(runcState) && !TestEngine.IsDockerd)
        {
            problems.AddRange(Directory.EnumerateDirectories(runcState).Select(d => "runc state " + d));
        }
        return problems;
    }

    private IEnumerable<(int Pid, string CommandLine)> ProcessesUnderRoot()
    {
        string prefix = Root + "/";
        int self = Environment.ProcessId;
        int? daemon = ProcessId;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == self || pid == daemon)
            {
                continue;
            }
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (cmdline.Length == 0)
                {
                    continue; // kernel thread or zombie: owns nothing any more
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (IsMonitorOrContainer(dir, cmdline, prefix))
            {
                yield return (pid, cmdline);
            }
        }
    }

    // conmon/runc (a dockerd's containerd shims) naming our roots, or anything chrooted under them (a container process). CLI
    // processes and terminals the test still runs also name the socket, but own nothing.
    private static bool IsMonitorOrContainer(string procDir, string cmdline, string prefix)
    {
        string program = Path.GetFileName(cmdline.Split(' ')[0]);
        if (program is "conmon" or "runc" or "containerd-shim-runc-v2" && cmdline.Contains(prefix, StringComparison.Ordinal))
        {
            return true;
        }
        try
        {
            string? root = new FileInfo(Path.Combine(procDir, "root")).LinkTarget;
            return root is not null && (root + "/").StartsWith(prefix, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Cgroup directories (any v1 hierarchy or the v2 tree, three levels deep) named after a container.</summary>
    public static IReadOnlyList<string> CgroupDirectoriesNamed(IReadOnlyCollection<string> ids)
    {
        var found = new List<string>();
        if (ids.Count == 0 || !Directory.Exists("/sys/fs/cgroup"))
        {
            return found;
        }
        var roots = new List<string> { "/sys/fs/cgroup" };
        roots.AddRange(Directory.EnumerateDirectories("/sys/fs/cgroup"));
        foreach (string root in roots.Distinct())
        {
            Walk(root, 0);
        }
        return found.Distinct().ToList();

        void Walk(string dir, int depth)
        {
            if (depth > 3)
            {
                return;
            }
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateDirectories(dir).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            foreach (string child in children)
            {
                string name = Path.GetFileName(child);
                if (ids.Any(id => name.Contains(id, StringComparison.Ordinal)))
                {
                    found.Add(child);
                }
                else if (depth < 3)
                {
                    Walk(child, depth + 1);
                }
            }
        }
    }

    private async Task<IEnumerable<string>> NewInterfacesOfThisDaemonAsync(CancellationToken cancellationToken)
    {
        var bridges = new HashSet<string>(StringComparer.Ordinal);
        if (ProcessId is not null)
        {
            using var doc = JsonDocument.Parse(await _http.GetStringAsync("/networks", cancellationToken));
            foreach (JsonElement n in doc.RootElement.EnumerateArray())
            {
                if (n.TryGetProperty("Options", out JsonElement o) && o.ValueKind == JsonValueKind.Object
                    && o.TryGetProperty("com.docker.network.bridge.name", out JsonElement b) && b.GetString() is { } name)
                {
                    bridges.Add(name);
                }
            }
        }
        // Only a new veth hanging on one of this daemon's bridges is ours: other tests running at the
        // same time create interfaces too.
        return NetworkInterfaces().Except(_interfacesAtStart).Where(i =>
            i.StartsWith("veth", StringComparison.Ordinal) && Master(i) is { } m && bridges.Contains(m));
    }

    private static string? Master(string iface) =>
        new FileInfo($"/sys/class/net/{iface}/master").LinkTarget is { } target ? Path.GetFileName(target) : null;

    private static HashSet<string> NetworkInterfaces() =>
        Directory.Exists("/sys/class/net")
            ? Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>().ToHashSet()
            : [];
}
