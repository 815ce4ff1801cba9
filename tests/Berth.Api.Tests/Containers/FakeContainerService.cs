using System.Runtime.CompilerServices;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Api.Tests.Containers;

/// <summary>An in-memory container engine that records what the API asked of it.</summary>
internal sealed class FakeContainerService : IContainerService
{
    private readonly Dictionary<string, ContainerInfo> _containers = new(StringComparer.Ordinal);

    public ContainerSpec? LastSpec { get; private set; }
    public string? LastName { get; private set; }
    public ContainerListOptions? LastList { get; private set; }
    public LogsOptions? LastLogs { get; private set; }
    public List<LogEntry> Logs { get; } = [];
    public FakeStdioSession? Session { get; set; }
    public ExecSpec? LastExec { get; private set; }
    public TaskCompletionSource<int> Wait { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public (string Name, int? Timeout, string? Signal)? LastStop { get; private set; }

    public ContainerInfo Add(string id, string name, ContainerStatus status = ContainerStatus.Running, bool tty = false, string networkMode = "default")
    {
        var spec = new ContainerSpec { Image = "busybox", Cmd = ["sleep", "100"], Tty = tty, NetworkMode = networkMode, Labels = new Dictionary<string, string> { ["a"] = "1" } };
        var info = new ContainerInfo
        {
            Id = id,
            Name = "/" + name,
            Created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567),
            Path = "sleep",
            Args = ["100"],
            State = new ContainerState
            {
                Status = status,
                Pid = status == ContainerStatus.Running ? 42 : 0,
                StartedAt = status == ContainerStatus.Created ? null : DateTimeOffset.UtcNow.AddMinutes(-3),
                FinishedAt = status == ContainerStatus.Exited ? DateTimeOffset.UtcNow.AddSeconds(-5) : null,
                ExitCode = status == ContainerStatus.Exited ? 3 : 0,
            },
            Image = "sha256:" + new string('b', 64),
            ImageName = "busybox",
            Spec = spec,
            Config = spec with { Env = ["PATH=/bin"], Hostname = null },
            LogPath = "/data/containers/" + id + "/ctr.log",
            ResolvConfPath = "/data/containers/" + id + "/resolv.conf",
            HostnamePath = "/data/containers/" + id + "/hostname",
            HostsPath = "/data/containers/" + id + "/hosts",
            GraphDriverData = new Dictionary<string, string> { ["UpperDir"] = "/u" },
        };
        _containers[id] = info;
        return info;
    }

    private ContainerInfo Find(string nameOrId) =>
        _containers.Values.FirstOrDefault(c => c.Id == nameOrId || c.Name == "/" + nameOrId.TrimStart('/'))
        ?? throw EngineException.NotFound("No such container: " + nameOrId);

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ContainerCreateResult> CreateAsync(string? name, ContainerSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Image == "missing")
        {
            throw EngineException.NotFound("No such image: missing:latest");
        }

        if (name is not null && _containers.Values.Any(c => c.Name == "/" + name))
        {
            throw EngineException.Conflict($"Conflict. The container name \"/{name}\" is already in use by container \"x\". You have to remove (or rename) that container to be able to reuse that name.");
        }

        LastSpec = spec;
        LastName = name;
        return Task.FromResult(new ContainerCreateResult(new string('c', 64), ["from engine"]));
    }

    public Task StartAsync(string nameOrId, CancellationToken cancellationToken) =>
        Find(nameOrId).State.Running ? throw EngineException.NotModified("Container already started") : Task.CompletedTask;

    public Task StopAsync(string nameOrId, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        Find(nameOrId);
        LastStop = (nameOrId, timeoutSeconds, signal);
        return Task.CompletedTask;
    }

    public Task KillAsync(string nameOrId, string? signal, CancellationToken cancellationToken)
    {
        var c = Find(nameOrId);
        return c.State.Running ? Task.CompletedTask : throw EngineException.Conflict($"Container {c.Id} is not running");
    }

    public Task RestartAsync(string nameOrId, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task PauseAsync(string nameOrId, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task UnpauseAsync(string nameOrId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> WaitAsync(string nameOrId, WaitCondition condition, CancellationToken cancellationToken)
    {
        Find(nameOrId);
        return Wait.Task.WaitAsync(cancellationToken);
    }

    public Task RemoveAsync(string nameOrId, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        var c = Find(nameOrId);
        if (c.State.Running && !force)
        {
            throw EngineException.Conflict($"cannot remove container \"{c.Name}\": container is running: stop the container before removing or force remove");
        }

        _containers.Remove(c.Id);
        return Task.CompletedTask;
    }

    public Task RenameAsync(string nameOrId, string newName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ContainerInfo> GetAsync(string nameOrId, CancellationToken cancellationToken) => Task.FromResult(Find(nameOrId));

    public Task<IReadOnlyList<ContainerInfo>> ListAsync(ContainerListOptions options, CancellationToken cancellationToken)
    {
        LastList = options;
        IReadOnlyList<ContainerInfo> list = _containers.Values.Where(c => options.All || c.State.Running).ToArray();
        return Task.FromResult(list);
    }

    public async IAsyncEnumerable<LogEntry> LogsAsync(string nameOrId, LogsOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Find(nameOrId);
        LastLogs = options;
        foreach (var entry in Logs)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    public Task<IStdioSession> AttachAsync(string nameOrId, AttachOptions options, CancellationToken cancellationToken)
    {
        Find(nameOrId);
        return Task.FromResult<IStdioSession>(Session ?? throw EngineException.Conflict("You cannot attach to a stopped container, start it first"));
    }

    public Task ResizeAsync(string nameOrId, int height, int width, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> ExecCreateAsync(string nameOrId, ExecSpec spec, CancellationToken cancellationToken)
    {
        Find(nameOrId);
        LastExec = spec;
        return Task.FromResult(new string('e', 64));
    }

    /// <summary>Thrown by ExecStartAsync when set (a runtime that cannot start the process).</summary>
    public EngineException? ExecStartError { get; set; }

    public Task<IStdioSession?> ExecStartAsync(string execId, bool detach, CancellationToken cancellationToken) =>
        ExecStartError is { } error ? throw error : Task.FromResult(detach ? null : (IStdioSession?)Session);

    public Task<ExecInfo> ExecInspectAsync(string execId, CancellationToken cancellationToken) =>
        execId == new string('e', 64)
            ? Task.FromResult(new ExecInfo(execId, "c1", LastExec ?? new ExecSpec { Cmd = ["cat"], AttachStdin = true }, false, 7, 0))
            : throw EngineException.NotFound("No such exec instance: " + execId);

    public Task ExecResizeAsync(string execId, int height, int width, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ContainerTop> TopAsync(string nameOrId, string? psArgs, CancellationToken cancellationToken) =>
        Task.FromResult(new ContainerTop(["UID", "PID", "CMD"], [["root", "42", psArgs ?? "-ef"]]));

    /// <summary>What the next stats samples report for networks and block I/O.</summary>
    public IReadOnlyDictionary<string, NetworkCounters>? StatsNetworks { get; set; }

    public IReadOnlyList<BlkioEntry> StatsBlkio { get; set; } = [];

    public Task<ContainerStats> StatsAsync(string nameOrId, CancellationToken cancellationToken) =>
        Task.FromResult(new ContainerStats
        {
            Networks = StatsNetworks,
            BlkioServiceBytes = StatsBlkio,
            Read = DateTimeOffset.UtcNow,
            CpuTotalUsage = 1000,
            CpuUserUsage = 600,
            CpuKernelUsage = 400,
            SystemCpuUsage = 5000,
            OnlineCpus = 2,
            MemoryUsage = 4096,
            MemoryLimit = ulong.MaxValue,
            MemoryStats = new Dictionary<string, ulong> { ["cache"] = 1 },
            PidsCurrent = 1,
        });

    public Task<ContainerPruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken) =>
        Task.FromResult(new ContainerPruneResult(["c1"], 10));
}
