namespace Berth.Runtime;

/// <summary>Where the container engine keeps its files and which helpers it runs.</summary>
public sealed record ContainerRuntimeOptions
{
    /// <summary>--data-root; containers live in &lt;DataRoot&gt;/containers/&lt;id&gt;.</summary>
    public string DataRoot { get; init; } = "/var/lib/berth";
    /// <summary>--exec-root; runc state, exit files.</summary>
    public string ExecRoot { get; init; } = "/run/berth";
    public string RuntimePath { get; init; } = "runc";
    public string ConmonPath { get; init; } = "conmon";
    /// <summary>cgroupsPath is "/&lt;CgroupParent&gt;/&lt;id&gt;" (cgroupfs driver).</summary>
    public string CgroupParent { get; init; } = "berth";
    /// <summary>Binary bind-mounted as /sbin/docker-init for --init (tini); null = search the usual places.</summary>
    public string? InitPath { get; init; }
    /// <summary>Makes the daemon a child subreaper so exited conmon monitors are reaped instead of
    /// lingering as zombies under an init that does not reap.</summary>
    public bool ReapMonitors { get; init; } = true;
    /// <summary>How often the exit watcher rescans in addition to inotify.</summary>
    public TimeSpan ExitPollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Host files copied into containers (overridable for tests).</summary>
    public string HostResolvConf { get; init; } = "/etc/resolv.conf";
    public string HostHosts { get; init; } = "/etc/hosts";
}
