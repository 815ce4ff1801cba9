using Berth.Core.Networks;

namespace Berth.Core.Containers;

/// <summary>
/// What `create` takes: the subset of Docker's Config + HostConfig that Berth understands, as a
/// domain record (the API layer maps the wire JSON onto it). Null means "not given": the image's
/// value or Docker's default applies. For <see cref="Entrypoint"/> an empty list is different
/// from null: it resets the image's entrypoint, as `--entrypoint ""` does in Docker.
/// </summary>
public sealed record ContainerSpec
{
    /// <summary>The image as the user named it (reference or ID).</summary>
    public required string Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>"KEY=value" entries; they override the image's entries with the same key.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    /// <summary>"user", "uid", "user:group" or "uid:gid"; resolved against the container's /etc/passwd and /etc/group.</summary>
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    /// <summary>Signal name ("SIGTERM", "TERM") or number; null = image's, else SIGTERM.</summary>
    public string? StopSignal { get; init; }
    /// <summary>Seconds to wait after the stop signal before SIGKILL; null = 10.</summary>
    public int? StopTimeout { get; init; }
    /// <summary>"80/tcp" style keys, merged with the image's.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    /// <summary>Anonymous volume paths, merged with the image's (kept as data for the volumes service).</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    // HostConfig
    public bool? Init { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public bool Privileged { get; init; }
    /// <summary>Capability names with or without "CAP_", or "ALL".</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    /// <summary>Docker's --security-opt: "seccomp=unconfined", "seccomp=&lt;profile JSON&gt;",
    /// "no-new-privileges[=true]"; apparmor=/label= are accepted and ignored.</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    public IReadOnlyList<Ulimit> Ulimits { get; init; } = [];
    /// <summary>Bytes for /dev/shm; null or 0 = 64 MiB.</summary>
    public long? ShmSize { get; init; }
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.No;
    public bool AutoRemove { get; init; }
    /// <summary>"none", "host", "container:&lt;name|id&gt;", or "default"/"bridge"/a network name or ID (handled by the networking service).</summary>
    public string NetworkMode { get; init; } = "default";
    /// <summary>NetworkingConfig.EndpointsConfig: network name or ID → what the container asks for on it
    /// (aliases, fixed address, MAC). The NetworkMode network may appear here with its settings; other
    /// entries are extra networks joined at start.</summary>
    public IReadOnlyDictionary<string, EndpointRequest> Networks { get; init; } = new Dictionary<string, EndpointRequest>();
    /// <summary>HostConfig.PortBindings flattened: one entry per host binding (HostPort "" = a random one).</summary>
    public IReadOnlyList<PortBinding> PortBindings { get; init; } = [];
    /// <summary>-P: every exposed port without a binding gets a random host port.</summary>
    public bool PublishAllPorts { get; init; }
    /// <summary>HostConfig.VolumesFrom: "container[:ro|:rw]".</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    /// <summary>HostConfig.VolumeDriver for `-v name:/x` volumes; null = local.</summary>
    public string? VolumeDriver { get; init; }
    /// <summary>"src:dst[:opts]" as given; mounted by the volumes service (kept as data here).</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    /// <summary>Path -> tmpfs options ("size=64m,mode=1777").</summary>
    public IReadOnlyDictionary<string, string> Tmpfs { get; init; } = new Dictionary<string, string>();
    public LogConfig LogConfig { get; init; } = LogConfig.Default;
    /// <summary>Memory limit in bytes; 0 = unlimited.</summary>
    public long Memory { get; init; }
    /// <summary>CPU quota in units of 1e-9 CPUs; 0 = unlimited.</summary>
    public long NanoCpus { get; init; }
    /// <summary>Max processes; null or &lt;= 0 = unlimited.</summary>
    public long? PidsLimit { get; init; }
    /// <summary>"host:ip" entries added to /etc/hosts.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    public IReadOnlyList<string> DnsOptions { get; init; } = [];
}

/// <summary>Docker's RestartPolicy: Name is "" / "no", "always", "unless-stopped" or "on-failure".</summary>
public sealed record RestartPolicy(string Name, int MaximumRetryCount)
{
    public static RestartPolicy No { get; } = new("no", 0);
}

/// <summary>Docker's LogConfig. Only "k8s-file"-backed "json-file"/"local" style logging is implemented;
/// Config keys honoured: max-size and max-file (see the runtime's log rotation).</summary>
public sealed record LogConfig(string Type, IReadOnlyDictionary<string, string> Config)
{
    public static LogConfig Default { get; } = new("json-file", new Dictionary<string, string>());
}

/// <summary>--ulimit name=soft[:hard]; Name without the RLIMIT_ prefix ("nofile").</summary>
public sealed record Ulimit(string Name, long Soft, long Hard);

/// <summary>A --mount entry kept as data for the volumes service (Type bind|volume|tmpfs).</summary>
public sealed record MountSpec(string Type, string? Source, string Target, bool ReadOnly, IReadOnlyDictionary<string, string> Options);
