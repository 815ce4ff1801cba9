using System.Globalization;
using System.Text;
using Berth.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux.Cgroups;

/// <summary>
/// Takes the kernel's cgroup migration lock once, off the critical path, just before runc will need it.
/// <para>
/// Every process that enters a cgroup through cgroup.procs (runc putting a container's init, or an exec,
/// into its cgroup) takes the global <c>cgroup_threadgroup_rwsem</c> for writing. Unless the hierarchy is
/// mounted with <c>favordynmods</c>, that rwsem is a per-CPU one whose write side first waits for an RCU
/// grace period (<c>rcu_sync_enter</c>): 10–15 ms on this 2-core VM, a quarter of a whole
/// <c>run --rm busybox true</c>, spent inside runc's write while nothing else happens. A writer that comes
/// while another one waits shares its grace period, and one that comes within a grace period after the
/// last writer left pays nothing.
/// </para>
/// <para>
/// So when a container or an exec is about to start, berthd writes its own pid into the cgroup.procs of
/// the cgroup it is in (read from /proc/self/cgroup just before, so an administrator's move of berthd
/// is never undone): a migration that moves nothing but takes the lock. (A pid no process has would
/// move nothing anywhere, but the kernel (6.18 here) looks the pid up before it takes the lock.) That wait
/// runs on this class's own thread while conmon and runc start up (≈ 10–15 ms until runc's write), so
/// runc's write finds the grace period passed or nearly so. Remounting the host's cgroups with
/// favordynmods would remove the wait for everybody, at the cost of every fork and exit on the host;
/// that is the administrator's choice, not a container engine's. Best effort: any failure (no cgroupfs,
/// a read-only one) turns the warmer off.
/// </para>
/// </summary>
public sealed class CgroupAttachWarmer : IDisposable
{
    private readonly byte[] _pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    private readonly CgroupFs _cgroups;
    private readonly Func<string> _selfCgroup;
    private readonly string? _procsFile;
    private readonly AutoResetEvent _wanted = new(false);
    private readonly object _gate = new();
    private Thread? _thread;
    private volatile bool _disabled;
    private volatile bool _disposed;
    private long _warmings;

    /// <param name="cgroups">The host's cgroup mount.</param>
    /// <param name="selfCgroup">The text of /proc/self/cgroup (tests pass their own).</param>
    public CgroupAttachWarmer(CgroupFs cgroups, string? selfCgroup = null)
    {
        _cgroups = cgroups;
        _selfCgroup = selfCgroup is null ? ReadSelfCgroup : () => selfCgroup;
        _procsFile = ProcsFileOf(cgroups, _selfCgroup());
        _disabled = _procsFile is null;
    }

    private static string ReadSelfCgroup()
    {
        try
        {
            return File.ReadAllText("/proc/self/cgroup");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The cgroup.procs this process was listed in when the warmer was made, or null if there
    /// is none to write to (the warmer is then off).</summary>
    public string? ProcsFile => _procsFile;

    /// <summary>How many times the lock was taken (tests and debug logs).</summary>
    public long Warmings => Interlocked.Read(ref _warmings);

    /// <summary>Asks for one lock-taking write soon; returns at once. Requests that arrive while one is
    /// pending collapse into it.</summary>
    public void Warm()
    {
        if (_disabled || _disposed)
        {
            return;
        }
        if (_thread is null)
        {
            lock (_gate)
            {
                if (_thread is null && !_disposed)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = "cgroup attach warmer" };
                    _thread.Start();
                }
            }
        }
        _wanted.Set();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _wanted.WaitOne();
                if (_disposed)
                {
                    return;
                }
                // Where berthd is now: writing its pid anywhere else would move it.
                string? procs = ProcsFileOf(_cgroups, _selfCgroup());
                if (procs is null)
                {
                    _disabled = true;
                    return;
                }
                using SafeFileHandle handle = FileHandles.Open(procs, OpenFlags.O_WRONLY);
                RandomAccess.Write(handle, _pid, 0);
                Interlocked.Increment(ref _warmings);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _disabled = true;
        }
    }

    /// <summary>
    /// Picks the cgroup.procs of this process's own cgroup: the unified one on a v2 host, on v1 the
    /// first of pids, freezer, memory or name=systemd that is mounted under <see cref="CgroupFs.Root"/>.
    /// Any hierarchy serves: the lock is one for all of them.
    /// </summary>
    public static string? ProcsFileOf(CgroupFs cgroups, string selfCgroup)
    {
        var byController = new Dictionary<string, string>(StringComparer.Ordinal);
        string? unified = null;
        foreach (string line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(':', 3);
            if (parts.Length != 3 || !parts[2].StartsWith('/'))
            {
                continue;
            }
            if (parts[0] == "0" && parts[1].Length == 0)
            {
                unified = parts[2];
                continue;
            }
            foreach (string controller in parts[1].Split(','))
            {
                byController[controller] = parts[2];
            }
        }
        var candidates = new List<string>();
        if (cgroups.IsV2)
        {
            if (unified is not null)
            {
                candidates.Add(Path.Combine(cgroups.Root, unified.TrimStart('/'), "cgroup.procs"));
            }
        }
        else
        {
            foreach ((string controller, string mount) in new[] { ("pids", "pids"), ("freezer", "freezer"), ("memory", "memory"), ("name=systemd", "systemd") })
            {
                if (byController.TryGetValue(controller, out string? path))
                {
                    candidates.Add(Path.Combine(cgroups.Root, mount, path.TrimStart('/'), "cgroup.procs"));
                }
            }
        }
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Ends the thread.</summary>
    public void Dispose()
    {
        _disposed = true;
        _wanted.Set();
    }
}
