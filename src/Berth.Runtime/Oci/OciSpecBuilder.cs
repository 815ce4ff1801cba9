using System.Text.Json.Nodes;
using Berth.Core.Containers;

namespace Berth.Runtime.Oci;

/// <summary>
/// Generates the OCI runtime config.json the way moby's oci.DefaultLinuxSpec + daemon/oci_linux.go
/// do: default mounts, masked/read-only paths, capabilities, namespaces, cgroup resources.
/// Seccomp: Docker's default profile evaluated against the container's capabilities, unless
/// --privileged or --security-opt seccomp=unconfined (a custom profile JSON replaces it).
/// </summary>
internal static class OciSpecBuilder
{
    public const long DefaultShmSize = 64L * 1024 * 1024;
    public const string InitTarget = "/sbin/docker-init";

    public static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    public static readonly IReadOnlyList<string> ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static JsonObject Build(OciSpecInput input)
    {
        ContainerSpec c = input.Config;
        IReadOnlyList<string> caps = Capabilities.Compute(c.CapAdd, c.CapDrop, c.Privileged);
        SecurityOptions security = SecurityOptions.Parse(c.SecurityOpt);
        var process = new JsonObject
        {
            ["terminal"] = c.Tty,
            ["user"] = new JsonObject
            {
                ["uid"] = input.User.Uid,
                ["gid"] = input.User.Gid,
                ["additionalGids"] = Array(input.User.AdditionalGids.Select(g => (JsonNode?)JsonValue.Create(g))),
            },
            ["args"] = Strings(input.ProcessArgs),
            ["env"] = Strings(input.Env),
            ["cwd"] = input.WorkingDir,
            ["capabilities"] = new JsonObject
            {
                ["bounding"] = Strings(caps),
                ["effective"] = Strings(caps),
                ["permitted"] = Strings(caps),
            },
            ["noNewPrivileges"] = security.NoNewPrivileges,
            ["oomScoreAdj"] = 0,
        };
        if (input.Rlimits.Count > 0)
        {
            process["rlimits"] = Array(input.Rlimits.Select(r => (JsonNode?)new JsonObject { ["type"] = r.Type, ["hard"] = r.Hard, ["soft"] = r.Soft }));
        }

        var spec = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = process,
            ["root"] = new JsonObject { ["path"] = input.RootfsPath, ["readonly"] = c.ReadonlyRootfs },
            ["hostname"] = input.Hostname,
            ["mounts"] = Mounts(input),
            ["linux"] = Linux(input),
        };
        if (Seccomp(c, security, caps) is { } seccomp)
        {
            ((JsonObject)spec["linux"]!)["seccomp"] = seccomp;
        }
        if (!string.IsNullOrEmpty(c.Domainname))
        {
            spec["domainname"] = c.Domainname;
        }
        return spec;
    }

    private static JsonArray Mounts(OciSpecInput input)
    {
        ContainerSpec c = input.Config;
        long shm = c.ShmSize is > 0 ? c.ShmSize.Value : DefaultShmSize;
        string sysMode = c.Privileged ? "rw" : "ro";
        var mounts = new JsonArray(
        [
            Mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", sysMode),
            Mount("/sys/fs/cgroup", "cgroup", "cgroup", sysMode, "nosuid", "noexec", "nodev"),
            Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", $"size={shm}"),
            Mount("/etc/resolv.conf", "bind", input.ResolvConfPath, "rbind", "rprivate"),
            Mount("/etc/hostname", "bind", input.HostnamePath, "rbind", "rprivate"),
            Mount("/etc/hosts", "bind", input.HostsPath, "rbind", "rprivate"),
        ]);
        if (input.InitPath is not null)
        {
            mounts.Add((JsonNode)Mount(InitTarget, "bind", input.InitPath, "bind", "ro"));
        }
        // HostConfig.Tmpfs, -v and --mount all come planned from the volumes service.
        foreach (var extra in input.ExtraMounts)
        {
            for (int i = mounts.Count - 1; i >= 0; i--)
            {
                if ((string?)mounts[i]!["destination"] == extra.Destination)
                {
                    mounts.RemoveAt(i);
                }
            }
            mounts.Add((JsonNode)Mount(extra.Destination, extra.Type, extra.Source, [.. extra.Options]));
        }
        return mounts;
    }

    private static JsonObject Linux(OciSpecInput input)
    {
        ContainerSpec c = input.Config;
        var namespaces = new JsonArray(Ns("mount"), Ns("pid"), Ns("ipc"), Ns("uts"));
        if (c.NetworkMode != "host" && !input.HostNetwork)
        {
            var network = Ns("network");
            if (input.NetworkNamespacePath is { } path)
            {
                network["path"] = path;
            }
            namespaces.Add((JsonNode)network);
        }
        if (input.CgroupV2)
        {
            // Docker's default cgroupns mode is "private" on v2 and "host" on v1.
            namespaces.Add((JsonNode)Ns("cgroup"));
        }

        var resources = new JsonObject
        {
            ["devices"] = c.Privileged
                ? new JsonArray(new JsonObject { ["allow"] = true, ["access"] = "rwm" })
                : new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }),
        };
        if (c.Memory > 0)
        {
            resources["memory"] = new JsonObject { ["limit"] = c.Memory };
        }
        if (c.NanoCpus > 0)
        {
            const long period = 100_000;
            resources["cpu"] = new JsonObject { ["quota"] = c.NanoCpus * period / 1_000_000_000, ["period"] = period };
        }
        if (c.PidsLimit is > 0)
        {
            resources["pids"] = new JsonObject { ["limit"] = c.PidsLimit.Value };
        }

        var linux = new JsonObject
        {
            ["namespaces"] = namespaces,
            ["resources"] = resources,
            ["cgroupsPath"] = input.CgroupsPath,
        };
        if (input.RootfsPropagation is { } propagation)
        {
            linux["rootfsPropagation"] = propagation;
        }
        if (!c.Privileged)
        {
            linux["maskedPaths"] = Strings(MaskedPaths);
            linux["readonlyPaths"] = Strings(ReadonlyPaths);
        }
        return linux;
    }

    /// <summary>moby's WithSeccomp: none for privileged or unconfined containers.</summary>
    private static JsonObject? Seccomp(ContainerSpec c, SecurityOptions security, IReadOnlyList<string> caps)
    {
        if (c.Privileged || security.SeccompUnconfined)
        {
            return null;
        }
        return security.SeccompProfileJson is { } json
            ? Oci.Seccomp.SeccompProfile.Custom(json, caps.ToList())
            : Oci.Seccomp.SeccompProfile.Default(caps.ToList());
    }

    private static JsonObject Ns(string type) => new() { ["type"] = type };

    private static JsonObject Mount(string destination, string type, string source, params string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = Strings(options),
    };

    private static JsonArray Strings(IEnumerable<string> values) => Array(values.Select(v => (JsonNode?)JsonValue.Create(v)));

    private static JsonArray Array(IEnumerable<JsonNode?> nodes) => new(nodes.ToArray());
}
