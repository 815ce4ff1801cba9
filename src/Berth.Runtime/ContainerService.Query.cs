using System.Diagnostics;
using System.Globalization;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Linux.Cgroups;
using Berth.Runtime.Logs;
using Berth.Runtime.State;
using Berth.Runtime.Stdio;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

public sealed partial class ContainerService
{
    private static readonly string[] KnownFilters = ["id", "name", "label", "status", "exited", "ancestor", "before", "since"];

    public Task<ContainerInfo> GetAsync(string nameOrId, CancellationToken cancellationToken) =>
        Task.FromResult(ToInfo(Find(nameOrId), size: false));

    public Task<IReadOnlyList<ContainerInfo>> ListAsync(ContainerListOptions options, CancellationToken cancellationToken)
    {
        foreach (string key in options.Filters.Keys)
        {
            if (!KnownFilters.Contains(key))
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }
        }
        IEnumerable<ContainerEntry> all = _containers.Values.OrderByDescending(e => e.Record.Created);
        var filters = options.Filters;
        DateTimeOffset? before = filters.TryGetValue("before", out var b) && b.Count > 0 ? Find(b[0]).Record.Created : null;
        DateTimeOffset? since = filters.TryGetValue("since", out var s) && s.Count > 0 ? Find(s[0]).Record.Created : null;
        bool explicitStatus = filters.ContainsKey("status") || filters.ContainsKey("exited");
        var result = new List<ContainerInfo>();
        foreach (ContainerEntry e in all)
        {
            ContainerRecord r = e.Record;
            if (!options.All && !explicitStatus && !r.State.Running && before is null && since is null)
            {
                continue;
            }
            if (before is { } bt && r.Created >= bt || since is { } st && r.Created <= st)
            {
                continue;
            }
            if (!Matches(filters, "id", v => r.Id.StartsWith(v, StringComparison.Ordinal))
                || !Matches(filters, "name", v => r.Name.TrimStart('/').Contains(v.TrimStart('/'), StringComparison.Ordinal))
                || !Matches(filters, "status", v => r.State.Status.ToDockerString() == v)
                || !Matches(filters, "exited", v => r.State.Status == ContainerStatus.Exited && r.State.ExitCode.ToString(CultureInfo.InvariantCulture) == v)
                || !Matches(filters, "ancestor", v => r.ImageName == v || r.ImageId == v || r.ImageId.StartsWith("sha256:" + v, StringComparison.Ordinal))
                || !MatchesAllLabels(filters, r.Config.Labels))
            {
                continue;
            }
            result.Add(ToInfo(e, options.Size));
            if (options.Limit is > 0 && result.Count >= options.Limit)
            {
                break;
            }
        }
        return Task.FromResult<IReadOnlyList<ContainerInfo>>(result);
    }

    private static bool Matches(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string key, Func<string, bool> predicate) =>
        !filters.TryGetValue(key, out var values) || values.Count == 0 || values.Any(predicate);

    /// <summary>label filters are ANDed: "key" or "key=value".</summary>
    private static bool MatchesAllLabels(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, IReadOnlyDictionary<string, string> labels)
    {
        if (!filters.TryGetValue("label", out var values))
        {
            return true;
        }
        foreach (string v in values)
        {
            int eq = v.IndexOf('=');
            bool ok = eq < 0 ? labels.ContainsKey(v) : labels.TryGetValue(v[..eq], out string? actual) && actual == v[(eq + 1)..];
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private ContainerInfo ToInfo(ContainerEntry entry, bool size)
    {
        ContainerRecord r;
        ContainerState state;
        List<Core.Networks.PortBinding> ports;
        List<ContainerNetwork> networks;
        List<Core.Volumes.ResolvedMount> mounts;
        string netns;
        string sandbox;
        lock (entry.Sync)
        {
            r = entry.Record;
            state = r.State;
            ports = [.. r.Ports];
            networks = [.. r.Networks];
            mounts = [.. r.Mounts];
            // A --network none container's namespace is runc's own, unpinned: it is reachable through its process.
            netns = r.NetnsPath ?? (r.Config.NetworkMode == "none" && state.Status is ContainerStatus.Running or ContainerStatus.Paused && state.Pid > 0
                ? $"/proc/{state.Pid}/ns/net" : "");
            sandbox = r.SandboxId;
        }
        string bundle = BundleDir(r.Id);
        long? sizeRw = size ? DirectorySize(Path.Combine(bundle, "upper")) : null;
        return new ContainerInfo
        {
            Id = r.Id,
            Name = r.Name,
            Created = r.Created,
            Path = r.Path,
            Args = r.Args,
            State = state,
            Image = r.ImageId,
            ImageName = r.ImageName,
            Spec = r.Spec,
            Config = r.Config,
            RestartCount = r.RestartCount,
            LogPath = Path.Combine(bundle, "ctr.log"),
            ResolvConfPath = Path.Combine(bundle, "resolv.conf"),
            HostnamePath = Path.Combine(bundle, "hostname"),
            HostsPath = Path.Combine(bundle, "hosts"),
            GraphDriverData = new Dictionary<string, string>
            {
                ["MergedDir"] = RootfsDir(bundle),
                ["UpperDir"] = Path.Combine(bundle, "upper"),
                ["WorkDir"] = Path.Combine(bundle, "work"),
            },
            SizeRw = sizeRw,
            Mounts = r.Config.Mounts,
            MountPoints = mounts,
            Networks = networks,
            SandboxKey = netns,
            SandboxId = sandbox,
            PublishedPorts = ports,
        };
    }

    private static long DirectorySize(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return 0;
        }
        long total = 0;
        foreach (var f in new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            if (f.LinkTarget is null)
            {
                total += f.Length;
            }
        }
        return total;
    }

    public async Task<ContainerPruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken)
    {
        foreach (string key in filters.Keys)
        {
            if (key is not ("until" or "label"))
            {
                throw EngineException.InvalidArgument($"invalid filter '{key}'");
            }
        }
        DateTimeOffset? until = filters.TryGetValue("until", out var u) && u.Count > 0 ? ParseUntil(u[0]) : null;
        var deleted = new List<string>();
        long reclaimed = 0;
        foreach (ContainerEntry e in _containers.Values.ToList())
        {
            ContainerRecord r = e.Record;
            if (r.State.Running || (until is { } t && r.Created >= t) || !MatchesAllLabels(filters, r.Config.Labels))
            {
                continue;
            }
            long size = DirectorySize(Path.Combine(BundleDir(r.Id), "upper"));
            try
            {
                await RemoveAsync(r.Id, force: false, removeVolumes: false, cancellationToken).ConfigureAwait(false);
                deleted.Add(r.Id);
                reclaimed += size;
            }
            catch (EngineException)
            {
            }
        }
        return new ContainerPruneResult(deleted, reclaimed);
    }

    /// <summary>until= accepts a Go duration ("24h", "90m", "30s") or a timestamp (RFC 3339 or unix seconds).</summary>
    private DateTimeOffset ParseUntil(string value)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset ts))
        {
            return ts;
        }
        if (value.Length > 1 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
        {
            TimeSpan? span = value[^1] switch { 'h' => TimeSpan.FromHours(n), 'm' => TimeSpan.FromMinutes(n), 's' => TimeSpan.FromSeconds(n), _ => null };
            if (span is { } d)
            {
                return _time.GetUtcNow() - d;
            }
        }
        throw EngineException.InvalidArgument($"failed to parse value {value} as a timestamp or duration");
    }

    public IAsyncEnumerable<LogEntry> LogsAsync(string nameOrId, LogsOptions options, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        string path = Path.Combine(BundleDir(entry.Record.Id), "ctr.log");
        return LogFileReader.ReadAsync(LogPolicy.Files(path), options, () => entry.Record.State.Running && !entry.Removing, TimeSpan.FromMilliseconds(200), cancellationToken);
    }

    public async Task<IStdioSession> AttachAsync(string nameOrId, AttachOptions options, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        ContainerRecord r = entry.Record;
        IStdioSession? live = null;
        bool connectNow = false;
        if (options.Stream)
        {
            lock (entry.Sync)
            {
                switch (r.State.Status)
                {
                    case ContainerStatus.Paused:
                        throw EngineException.Conflict("You cannot attach to a paused container, unpause it first");
                    case ContainerStatus.Restarting:
                        throw EngineException.Conflict("You cannot attach to a restarting container, wait until it is running");
                }
                if (entry.Removing)
                {
                    throw EngineException.Conflict("You cannot attach to a container that is being removed");
                }
                connectNow = entry.StdioReady;
                if (!connectNow)
                {
                    // Docker attaches to a stopped container and streams once it starts (`run`, `start -a`).
                    var pending = new PendingAttachSession(r.Config.Tty, options, p =>
                    {
                        lock (entry.Sync)
                        {
                            entry.PendingAttaches.Remove(p);
                        }
                    });
                    entry.PendingAttaches.Add(pending);
                    live = pending;
                }
            }
            if (connectNow)
            {
                live = await ConmonAttachSession.ConnectAsync(BundleDir(r.Id), r.Config.Tty, options, cancellationToken).ConfigureAwait(false);
            }
        }
        Publish(entry, "attach");
        if (!options.Logs)
        {
            return live ?? new LogReplaySession(AsyncEnumerable.Empty<LogEntry>(), null, r.Config.Tty);
        }
        // Records after this moment arrive through the live socket; replaying them too would duplicate them.
        var logOptions = new LogsOptions { Stdout = options.Stdout, Stderr = options.Stderr, Until = live is null ? null : _time.GetUtcNow() };
        return new LogReplaySession(LogsAsync(r.Id, logOptions, CancellationToken.None), live, r.Config.Tty);
    }

    /// <summary>Connects the attach sessions waiting for this start to conmon's socket (conmon is up, the
    /// process has not run yet). From now on new attaches connect directly.</summary>
    private async Task BindPendingAttachesAsync(ContainerEntry entry, string bundle)
    {
        List<PendingAttachSession> pending;
        lock (entry.Sync)
        {
            entry.StdioReady = true;
            pending = [.. entry.PendingAttaches];
            entry.PendingAttaches.Clear();
        }
        foreach (PendingAttachSession p in pending)
        {
            try
            {
                p.Bind(await ConmonAttachSession.ConnectAsync(bundle, p.Tty, p.Options, CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                _logger.LogWarning(e, "attaching to {Id} at start failed", entry.Record.Id);
                p.Abandon();
            }
        }
    }

    /// <summary>The run is over (or never began): new attaches wait for the next start again.</summary>
    private static void MarkStdioGone(ContainerEntry entry, bool abandonPending)
    {
        List<PendingAttachSession> pending = [];
        lock (entry.Sync)
        {
            entry.StdioReady = false;
            if (abandonPending)
            {
                pending = [.. entry.PendingAttaches];
                entry.PendingAttaches.Clear();
            }
        }
        foreach (PendingAttachSession p in pending)
        {
            p.Abandon();
        }
    }

    public Task ResizeAsync(string nameOrId, int height, int width, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        if (!entry.Record.State.Running)
        {
            throw EngineException.Conflict($"Container {entry.Record.Id} is not running");
        }
        return ControlFifo.ResizeAsync(BundleDir(entry.Record.Id), height, width, cancellationToken);
    }

    /// <summary>Docker's top: host `ps` output filtered to the container's pids (from its cgroup).</summary>
    public async Task<ContainerTop> TopAsync(string nameOrId, string? psArgs, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        if (!entry.Record.State.Running)
        {
            throw EngineException.Conflict($"Container {entry.Record.Id} is not running");
        }
        var pids = _cgroups.Pids(CgroupPath(entry.Record.Id)).ToHashSet();
        var psi = new ProcessStartInfo("ps") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string.IsNullOrWhiteSpace(psArgs) ? "-ef" : psArgs).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            psi.ArgumentList.Add(a);
        }
        using var ps = Process.Start(psi) ?? throw EngineException.Internal("cannot run ps");
        string output = await ps.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        string errors = await ps.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await ps.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (ps.ExitCode != 0)
        {
            throw EngineException.Internal($"ps: {errors.Trim()}");
        }
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] titles = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int pidColumn = Array.IndexOf(titles, "PID");
        if (pidColumn < 0)
        {
            throw EngineException.Internal("Couldn't find PID field in ps output");
        }
        var processes = new List<IReadOnlyList<string>>();
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(' ', titles.Length, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // The last column (the command) keeps its spaces.
            if (fields.Length > pidColumn && int.TryParse(fields[pidColumn], CultureInfo.InvariantCulture, out int pid) && pids.Contains(pid))
            {
                processes.Add(fields);
            }
        }
        return new ContainerTop(titles, processes);
    }
}
