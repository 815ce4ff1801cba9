namespace Berth.Core.Build;

/// <summary>`POST /build` parameters the builder honours (Docker's ImageBuildOptions subset).</summary>
public sealed record BuildRequest
{
    /// <summary>References to tag the result with ("app:1", "app" = app:latest).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Context-relative path of the Dockerfile.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    /// <summary>--build-arg values; null means "declared without a value" (unset).</summary>
    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? Target { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Remove intermediate RUN containers after a successful step (Docker's default).</summary>
    public bool Remove { get; init; } = true;

    /// <summary>Remove them even after a failed step.</summary>
    public bool ForceRemove { get; init; }

    /// <summary>"default" (bridge), "bridge", "none", "host" or a network name.</summary>
    public string NetworkMode { get; init; } = "default";

    /// <summary>--secret values by id, for RUN --mount=type=secret. Held in memory only: the builder
    /// puts a value on a tmpfs for the one RUN that mounts it, never in a layer, a cache key or a file.</summary>
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>--ssh: ssh-agent socket paths on the daemon's host by id ("default"), for RUN --mount=type=ssh.</summary>
    public IReadOnlyDictionary<string, string> SshAgents { get; init; } = new Dictionary<string, string>();
}
