using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// docker-py (Debian's python3-docker, which docker-compose brings) against a private berthd: the
/// library reads a hijacked stream through the socket under its buffered HTTP reader, so output
/// that arrives together with the 101 headers is lost to it.
/// </summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class DockerPyTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RequiresBinaryFact("python3", "docker-compose")]
    public async Task ExecRun_returns_the_output_of_a_command_that_ends_at_once()
    {
        await _daemon.CliOkAsync("run", "-d", "--name", "py-exec", "busybox", "sleep", "300");
        const string script = """
            import docker
            c = docker.from_env().containers.get("py-exec")
            for i in range(5):
                r = c.exec_run(["echo", "quick", str(i)])
                print(r.exit_code, r.output.decode().strip())
            r = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 3"], demux=True)
            print(r.exit_code, r.output[0].decode().strip(), r.output[1].decode().strip())
            """;
        var result = (await ProcessRunner.RunAsync(new BinaryCommand("python3", []), ["-c", script],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = _daemon.Host, ["DOCKER_API_VERSION"] = null },
            timeout: TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.Equal(["0 quick 0", "0 quick 1", "0 quick 2", "0 quick 3", "0 quick 4", "3 out err"], result.Lines);
        await _daemon.CliOkAsync("rm", "-f", "py-exec");
    }
}
