using Berth.Core.Networks;

namespace Berth.Core.Containers;

/// <summary>
/// The container engine behind create/start/stop/kill/restart/pause/unpause/wait/rm/rename/inspect/
/// ps/logs/attach/exec/top/stats/prune. Containers are named by full ID, unique ID prefix, or name
/// (with or without the leading slash). Failures are <see cref="Errors.EngineException"/> with
/// Docker's messages: "No such container: x" (NotFound), name conflicts (Conflict), starting a running
/// container or stopping a stopped one (NotModified, the API answers 304), removing a running
/// container without force (Conflict), pausing a container that is not running (Conflict).
/// Not in this contract yet (later): changes (diff), export, archive get/put (cp), update, commit.
/// </summary>
public interface IContainerService
{
    /// <summary>Reconciles stored containers with conmon/runc after a (re)start of the daemon. Call once before use.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Name may be null (a Docker-style adjective_surname is generated) and may start with "/".</summary>
    Task<ContainerCreateResult> CreateAsync(string? name, ContainerSpec spec, CancellationToken cancellationToken);

    Task StartAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Sends the stop signal (<paramref name="signal"/>, else the container's), waits
    /// <paramref name="timeoutSeconds"/> (else the container's StopTimeout, else 10; -1 = forever), then SIGKILL.</summary>
    Task StopAsync(string nameOrId, int? timeoutSeconds, string? signal, CancellationToken cancellationToken);

    /// <summary>Signal name or number; null = SIGKILL.</summary>
    Task KillAsync(string nameOrId, string? signal, CancellationToken cancellationToken);

    Task RestartAsync(string nameOrId, int? timeoutSeconds, string? signal, CancellationToken cancellationToken);

    Task PauseAsync(string nameOrId, CancellationToken cancellationToken);

    Task UnpauseAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Waits for the condition and returns the exit code.</summary>
    Task<int> WaitAsync(string nameOrId, WaitCondition condition, CancellationToken cancellationToken);

    /// <summary>Deletes the container, its rootfs, logs and cgroups. <paramref name="removeVolumes"/> is
    /// passed on to the volumes service (anonymous volumes) once it exists.</summary>
    Task RemoveAsync(string nameOrId, bool force, bool removeVolumes, CancellationToken cancellationToken);

    Task RenameAsync(string nameOrId, string newName, CancellationToken cancellationToken);

    Task<ContainerInfo> GetAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Newest first, as Docker lists them.</summary>
    Task<IReadOnlyList<ContainerInfo>> ListAsync(ContainerListOptions options, CancellationToken cancellationToken);

    IAsyncEnumerable<LogEntry> LogsAsync(string nameOrId, LogsOptions options, CancellationToken cancellationToken);

    /// <summary>Connects to the container's stdio (conmon's attach socket). On a created or exited container the
    /// session waits for the next start and connects before the process runs, so no output is lost.</summary>
    Task<IStdioSession> AttachAsync(string nameOrId, AttachOptions options, CancellationToken cancellationToken);

    /// <summary>Resizes the container's TTY.</summary>
    Task ResizeAsync(string nameOrId, int height, int width, CancellationToken cancellationToken);

    /// <summary>Returns the exec ID.</summary>
    Task<string> ExecCreateAsync(string nameOrId, ExecSpec spec, CancellationToken cancellationToken);

    /// <summary>Starts the exec process. Detached: returns null once started. Otherwise a session on its stdio;
    /// the exit code is available from <see cref="ExecInspectAsync"/> after the output ends.</summary>
    Task<IStdioSession?> ExecStartAsync(string execId, bool detach, CancellationToken cancellationToken);

    Task<ExecInfo> ExecInspectAsync(string execId, CancellationToken cancellationToken);

    Task ExecResizeAsync(string execId, int height, int width, CancellationToken cancellationToken);

    /// <summary>`ps` of the container's processes; <paramref name="psArgs"/> defaults to "-ef".</summary>
    Task<ContainerTop> TopAsync(string nameOrId, string? psArgs, CancellationToken cancellationToken);

    /// <summary>One sample of CPU/memory/pids usage from the container's cgroups.</summary>
    Task<ContainerStats> StatsAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Removes stopped containers; filters until=, label=.</summary>
    Task<ContainerPruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken);

    /// <summary>`docker network connect`: a running container gets the endpoint at once (and its /etc/hosts and
    /// resolv.conf are rewritten), a stopped one on its next start.
    /// An engine without networking throws <see cref="NotSupportedException"/>.</summary>
    Task ConnectNetworkAsync(string nameOrId, string network, EndpointRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this container engine cannot connect containers to networks");

    /// <summary>`docker network disconnect`; <paramref name="force"/> is accepted as Docker does (local networks need no force).
    /// An engine without networking throws <see cref="NotSupportedException"/>.</summary>
    Task DisconnectNetworkAsync(string nameOrId, string network, bool force, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this container engine cannot disconnect containers from networks");
}
