using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// Debian's docker-compose 1.29 (docker-py over the Engine API) against a private berthd: two
/// services on two user networks, a published port and a named volume, up / exec / ps / logs / down -v.
/// </summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ComposeTests : IAsyncLifetime
{
    private const string ComposeBinary = "/usr/bin/docker-compose";
    private readonly DaemonFixture _daemon = new();
    private readonly string _project = "bc" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _webPort = NetworksTestKit.FreeTcpPort();

    private static string ComposeFile =>
        Path.Combine(BerthPaths.RepoRoot, "tests", "Berth.Integration.Tests", "Fixtures", "compose", "docker-compose.yml");

    public async Task InitializeAsync()
    {
        await EnsureComposeInstalledAsync();
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Up_exec_ps_logs_and_down_with_volumes()
    {
        var baseline = await LeftoverProbe.CaptureAsync(_daemon, []);

        await ComposeOkAsync("up", "-d");
        string front = await NetworkIdAsync($"{_project}_front");
        string back = await NetworkIdAsync($"{_project}_back");
        var bridges = new[] { LeftoverProbe.UserBridgeName(front), LeftoverProbe.UserBridgeName(back) };

        // web reaches db by its service name over "back"; db is not on "front".
        bool reached = await NetworksTestKit.EventuallyAsync(async () =>
            (await ComposeAsync("exec", "-T", "web", "nc", "db", "5432")).Stdout.Trim() == "ok");
        Assert.True(reached, "web could not reach db:5432 by name");
        string frontMembers = await _daemon.CliOkAsync("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", $"{_project}_front");
        Assert.Contains($"{_project}_web_1", frontMembers);
        Assert.DoesNotContain($"{_project}_db_1", frontMembers);

        Assert.Equal("compose-web", (await NetworksTestKit.HttpGetAsync($"http://127.0.0.1:{_webPort}/")).Trim());

        var ps = (await ComposeOkAsync("ps")).Lines;
        string psText = string.Join("\n", ps);
        Assert.True(ps.Any(l => l.StartsWith($"{_project}_web_1", StringComparison.Ordinal) && (l.EndsWith(" Up", StringComparison.Ordinal) || l.Contains(" Up "))
            && l.Contains($"127.0.0.1:{_webPort}->80/tcp")), psText);
        Assert.True(ps.Any(l => l.StartsWith($"{_project}_db_1", StringComparison.Ordinal) && (l.EndsWith(" Up", StringComparison.Ordinal) || l.Contains(" Up "))), psText);
        var logs = await ComposeOkAsync("logs", "--no-color");
        Assert.Contains("web-started", logs.Stdout);
        Assert.Contains("db-started", logs.Stdout);

        string volume = $"{_project}_webdata";
        Assert.Contains(volume, (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);

        await ComposeOkAsync("down", "-v");
        Assert.Empty((await _daemon.RunCliAsync(["ps", "-aq"])).EnsureSuccess().Lines);
        var networks = (await _daemon.RunCliAsync(["network", "ls", "--format", "{{.Name}}"])).EnsureSuccess().Lines;
        Assert.DoesNotContain(networks, n => n.StartsWith(_project, StringComparison.Ordinal));
        Assert.DoesNotContain(volume, (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);
        var after = await LeftoverProbe.CaptureSettledAsync(_daemon, bridges, baseline);
        Assert.True(after.NewSince(baseline) == "", "left after down -v:\n" + after.NewSince(baseline));
    }

    private async Task<string> NetworkIdAsync(string name) =>
        await _daemon.CliOkAsync("network", "inspect", "-f", "{{.Id}}", name);

    private Task<CliResult> ComposeAsync(params string[] args)
    {
        string config = Path.Combine(_daemon.Root, "docker-config");
        Directory.CreateDirectory(config);
        return ProcessRunner.RunAsync(
            new BinaryCommand(ComposeBinary, []),
            [.. new[] { "-p", _project, "-f", ComposeFile }, .. args],
            new Dictionary<string, string?>
            {
                ["DOCKER_HOST"] = _daemon.Host,
                ["DOCKER_CONFIG"] = config,
                ["DOCKER_CONTEXT"] = null,
                ["DOCKER_API_VERSION"] = null,
                ["COMPOSE_INTERACTIVE_NO_CLI"] = "1",
                ["WEB_PORT"] = _webPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            timeout: TimeSpan.FromMinutes(2));
    }

    private async Task<CliResult> ComposeOkAsync(params string[] args) => (await ComposeAsync(args)).EnsureSuccess();

    // The test installs Debian's package itself (scripts/install-deps.sh lists it too).
    private static async Task EnsureComposeInstalledAsync()
    {
        if (File.Exists(ComposeBinary) || !TestEnvironment.IsRoot)
        {
            return;
        }
        (await ProcessRunner.RunAsync(new BinaryCommand("apt-get", []), ["install", "-y", "-qq", "--no-install-recommends", "docker-compose"],
            new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" }, timeout: TimeSpan.FromMinutes(5))).EnsureSuccess();
    }
}
