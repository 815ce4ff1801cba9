namespace Berth.Testing;

public sealed partial class DaemonFixture
{
    /// <summary>Runs <c>berth -H unix://… args</c> against this daemon.</summary>
    public CliResult RunCli(params string[] args) => RunCliAsync(args).GetAwaiter().GetResult();

    /// <summary>Runs <c>berth -H unix://… args</c>, optionally feeding <paramref name="stdin"/>.</summary>
    /// <remarks>Against a dockerd (BERTH_TEST_ENGINE=dockerd) this is the real docker CLI: the reference pair end to end.</remarks>
    public Task<CliResult> RunCliAsync(
        IEnumerable<string> args, Stream? stdin = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        TestEngine.IsDockerd ? RunDockerAsync(args, stdin, timeout, cancellationToken) : ProcessRunner.RunAsync(
            BerthPaths.Berth,
            new[] { "-H", Host }.Concat(args),
            new Dictionary<string, string?> { ["DOCKER_HOST"] = null, ["BERTH_HOST"] = null },
            stdin,
            timeout,
            cancellationToken);

    /// <summary>Runs the real docker CLI with DOCKER_HOST pointing at this daemon.</summary>
    public CliResult RunDocker(params string[] args) => RunDockerAsync(args).GetAwaiter().GetResult();

    public Task<CliResult> RunDockerAsync(
        IEnumerable<string> args, Stream? stdin = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        return ProcessRunner.RunAsync(BerthPaths.Docker, args, DockerEnvironment(), stdin, timeout, cancellationToken);
    }
}
