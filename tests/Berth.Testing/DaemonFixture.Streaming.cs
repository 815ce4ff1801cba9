namespace Berth.Testing;

public sealed partial class DaemonFixture
{
    /// <summary>Starts `berth -H … args` (the docker CLI against a dockerd) without waiting for it (logs -f, events, attach).</summary>
    public StreamingProcess StartCli(params string[] args) =>
        TestEngine.IsDockerd
            ? StreamingProcess.Start(BerthPaths.Docker, args, DockerEnvironment())
            : StreamingProcess.Start(BerthPaths.Berth, new[] { "-H", Host }.Concat(args),
                new Dictionary<string, string?> { ["DOCKER_HOST"] = null, ["BERTH_HOST"] = null });

    /// <summary>Environment for the real docker CLI talking to this daemon (also for tmux command lines).</summary>
    public IReadOnlyDictionary<string, string?> DockerEnvironment()
    {
        string config = Path.Combine(Root, "docker-config");
        Directory.CreateDirectory(config);
        return new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = Host,
            ["DOCKER_CONFIG"] = config,
            ["DOCKER_CONTEXT"] = null,
            ["DOCKER_API_VERSION"] = null,
            ["DOCKER_CLI_HINTS"] = "false",
        };
    }
}
