using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

/// <summary>The flags shared by run and create (docker's containerOptions), and run's extras.</summary>
internal static class ContainerFlags
{
    public static readonly IReadOnlyList<FlagSpec> Create =
    [
        FlagSpec.List("add-host", null, "Add a custom host-to-IP mapping (host:ip)"),
        FlagSpec.List("attach", 'a', "Attach to STDIN, STDOUT or STDERR"),
        FlagSpec.List("cap-add", null, "Add Linux capabilities"),
        FlagSpec.List("cap-drop", null, "Drop Linux capabilities"),
        FlagSpec.String("cpus", null, "Number of CPUs", "decimal"),
        FlagSpec.List("dns", null, "Set custom DNS servers"),
        FlagSpec.List("dns-search", null, "Set custom DNS search domains"),
        FlagSpec.String("entrypoint", null, "Overwrite the default ENTRYPOINT of the image"),
        FlagSpec.List("env", 'e', "Set environment variables"),
        FlagSpec.List("env-file", null, "Read in a file of environment variables"),
        FlagSpec.List("expose", null, "Expose a port or a range of ports"),
        FlagSpec.String("hostname", 'h', "Container host name"),
        FlagSpec.Bool("init", null, "Run an init inside the container that forwards signals and reaps processes"),
        FlagSpec.Bool("interactive", 'i', "Keep STDIN open even if not attached"),
        FlagSpec.List("label", 'l', "Set meta data on a container"),
        FlagSpec.List("label-file", null, "Read in a line delimited file of labels"),
        FlagSpec.String("log-driver", null, "Logging driver for the container"),
        FlagSpec.List("log-opt", null, "Log driver options"),
        FlagSpec.String("memory", 'm', "Memory limit", "bytes"),
        FlagSpec.String("memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", "bytes"),
        FlagSpec.List("mount", null, "Attach a filesystem mount to the container", "mount"),
        FlagSpec.String("name", null, "Assign a name to the container"),
        FlagSpec.String("network", null, "Connect a container to a network", "network"),
        FlagSpec.String("pids-limit", null, "Tune container pids limit (set -1 for unlimited)", "int"),
        FlagSpec.String("platform", null, "Set platform if server is multi-platform capable"),
        FlagSpec.Bool("privileged", null, "Give extended privileges to this container"),
        FlagSpec.List("publish", 'p', "Publish a container's port(s) to the host"),
        FlagSpec.Bool("publish-all", 'P', "Publish all exposed ports to random ports"),
        FlagSpec.Bool("read-only", null, "Mount the container's root filesystem as read only"),
        FlagSpec.String("restart", null, "Restart policy to apply when a container exits", "string", "no"),
        FlagSpec.Bool("rm", null, "Automatically remove the container and its associated anonymous volumes when it exits"),
        FlagSpec.String("shm-size", null, "Size of /dev/shm", "bytes"),
        FlagSpec.String("stop-signal", null, "Signal to stop the container"),
        FlagSpec.String("stop-timeout", null, "Timeout (in seconds) to stop a container", "int"),
        FlagSpec.List("tmpfs", null, "Mount a tmpfs directory"),
        FlagSpec.Bool("tty", 't', "Allocate a pseudo-TTY"),
        FlagSpec.List("ulimit", null, "Ulimit options", "ulimit"),
        FlagSpec.String("user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])"),
        FlagSpec.List("volume", 'v', "Bind mount a volume"),
        FlagSpec.String("workdir", 'w', "Working directory inside the container"),
    ];

    public static readonly IReadOnlyList<FlagSpec> Run =
    [
        .. Create,
        FlagSpec.Bool("detach", 'd', "Run container in background and print container ID"),
        FlagSpec.String("detach-keys", null, "Override the key sequence for detaching a container"),
        FlagSpec.Bool("sig-proxy", null, "Proxy received signals to the process (default true)"),
    ];
}
