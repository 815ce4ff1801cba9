using System.Formats.Tar;
using System.Net;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>`berth build` and `docker build` (classic builder) against a private berthd over busybox.</summary>
public sealed class BuildTests : IAsyncLifetime
{
    private const string SixSteps = """
        FROM busybox
        ENV GREETING=hello
        WORKDIR /app
        COPY . .
        RUN cat message.txt && echo "$GREETING from run" > run.txt
        CMD ["cat", "/app/message.txt", "/app/run.txt"]
        """;

    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Context(string name, params (string Path, string Content)[] files)
    {
        var dir = Path.Combine(_daemon.Root, "ctx-" + name);
        Directory.CreateDirectory(dir);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return dir;
    }

    private async Task<string> ImageIdAsync(string reference) =>
        (await BusyboxRootfs.TryGetImageIdAsync(_daemon, reference)) ?? throw new InvalidOperationException($"{reference} missing");

    [RootFact]
    public async Task Six_step_build_runs_caches_and_rebuilds_from_the_changed_copy()
    {
        var ctx = Context("six", ("Dockerfile", SixSteps), ("message.txt", "first version\n"));
        var first = (await _daemon.RunCliAsync(["build", "-t", "app:1", ctx])).EnsureSuccess();
        Assert.Contains("Step 1/6 : FROM busybox", first.Stdout);
        Assert.Contains(" ---> Running in ", first.Stdout);
        Assert.Contains("Removing intermediate container ", first.Stdout);
        Assert.Contains("Successfully tagged app:1", first.Stdout);
        var id = await ImageIdAsync("app:1");
        Assert.Contains($"Successfully built {id[7..19]}", first.Stdout);

        var run = (await _daemon.RunCliAsync(["run", "--rm", "app:1"])).EnsureSuccess();
        Assert.Equal(["first version", "hello from run"], run.Lines);

        var again = (await _daemon.RunCliAsync(["build", "-t", "app:1", ctx])).EnsureSuccess();
        Assert.Equal(5, again.Lines.Count(l => l == "---> Using cache"));
        Assert.DoesNotContain("Running in", again.Stdout);
        Assert.Equal(id, await ImageIdAsync("app:1"));

        File.WriteAllText(Path.Combine(ctx, "message.txt"), "second version\n");
        var changed = (await _daemon.RunCliAsync(["build", "-t", "app:1", ctx])).EnsureSuccess();
        Assert.Equal(2, changed.Lines.Count(l => l == "---> Using cache")); // ENV and WORKDIR
        Assert.Contains("second version", changed.Stdout); // RUN ran again after the COPY
        Assert.NotEqual(id, await ImageIdAsync("app:1"));
        Assert.Equal(["second version", "hello from run"], (await _daemon.RunCliAsync(["run", "--rm", "app:1"])).EnsureSuccess().Lines);

        // The cache lives in berth.db: a new daemon process still hits it.
        await _daemon.RestartAsync();
        var afterRestart = (await _daemon.RunCliAsync(["build", "-q", "-t", "app:1", ctx])).EnsureSuccess();
        Assert.Equal(await ImageIdAsync("app:1"), afterRestart.Stdout.Trim());
    }

    [RootFact]
    public async Task Failing_run_reports_the_exit_code_and_tags_nothing()
    {
        var ctx = Context("fail", ("Dockerfile", "FROM busybox\nRUN echo before; exit 3\n"));
        var result = await _daemon.RunCliAsync(["build", "-t", "broken:1", ctx]);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("before", result.Stdout);
        Assert.Contains("The command '/bin/sh -c echo before; exit 3' returned a non-zero code: 3", result.Stderr);
        Assert.Null(await BusyboxRootfs.TryGetImageIdAsync(_daemon, "broken:1"));
    }

    [RootFact]
    public async Task Dockerfile_errors_name_file_and_line()
    {
        var ctx = Context("syntax", ("Dockerfile", "FROM busybox\nFORM x\n"));
        var result = await _daemon.RunCliAsync(["build", ctx]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Dockerfile:2: unknown instruction: FORM", result.Stderr);

        var missing = await _daemon.RunCliAsync(["build", Context("nobase", ("Dockerfile", "FROM nosuch:1\n"))]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("pull access denied for nosuch", missing.Stderr);
    }

    [RootFact]
    public async Task Hostile_context_tar_is_rejected()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream("FROM busybox\nCOPY . /\n"u8.ToArray()) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "../../../../escaped-by-build") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        tar.Position = 0;
        using var content = new StreamContent(tar);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var response = await _daemon.Http.PostAsync("/build?t=hostile", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("path escapes from the build context", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFiles("/", "escaped-by-build*").Concat(Directory.EnumerateFiles(_daemon.Root, "escaped-by-build*", SearchOption.AllDirectories)));
        Assert.Null(await BusyboxRootfs.TryGetImageIdAsync(_daemon, "hostile"));
    }

    [RootFact]
    public async Task Multi_stage_copy_from_target_and_build_args()
    {
        var ctx = Context("multi", ("Dockerfile", """
            ARG BASE=busybox
            FROM ${BASE} AS builder
            ARG VERSION=0
            RUN mkdir /out && echo "built $VERSION" > /out/result.txt
            FROM busybox AS unused
            RUN echo never > /never
            FROM scratch AS final
            COPY --from=builder /out/ /data/
            FROM busybox AS test
            COPY --from=final /data/result.txt /result.txt
            CMD ["cat", "/result.txt"]
            """));
        var build = (await _daemon.RunCliAsync(["build", "--build-arg", "VERSION=7", "-t", "multi:1", ctx])).EnsureSuccess();
        Assert.DoesNotContain("echo never", build.Stdout); // stages the target does not need are skipped
        Assert.Equal(["built 7"], (await _daemon.RunCliAsync(["run", "--rm", "multi:1"])).EnsureSuccess().Lines);

        (await _daemon.RunCliAsync(["build", "--build-arg", "VERSION=7", "--target", "final", "-t", "multi:final", ctx])).EnsureSuccess();
        var inspect = (await _daemon.RunCliAsync(["image", "inspect", "-f", "{{len .RootFS.Layers}}", "multi:final"])).EnsureSuccess();
        Assert.Equal("1", inspect.Stdout.Trim()); // scratch + one COPY layer

        var unknown = await _daemon.RunCliAsync(["build", "--target", "nope", ctx]);
        Assert.Contains("target stage \"nope\" could not be found", unknown.Stderr);
    }

    [RootFact]
    public async Task Dockerignore_with_exceptions_decides_what_copy_sees()
    {
        var ctx = Context("ignore",
            ("Dockerfile", "FROM busybox\nCOPY . /ctx/\nCMD [\"find\", \"/ctx\", \"-type\", \"f\"]\n"),
            (".dockerignore", "*.log\nsecret/\ndocs\n!docs/keep.md\n"),
            ("app.txt", "a"), ("debug.log", "l"), ("secret/key", "k"), ("docs/drop.md", "d"), ("docs/keep.md", "k"));
        (await _daemon.RunCliAsync(["build", "-t", "ign:1", ctx])).EnsureSuccess();
        var files = (await _daemon.RunCliAsync(["run", "--rm", "ign:1"])).EnsureSuccess().Lines.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/ctx/.dockerignore", "/ctx/Dockerfile", "/ctx/app.txt", "/ctx/docs/keep.md"], files);
    }

    [RootFact]
    public async Task Builder_prune_empties_the_cache()
    {
        var ctx = Context("prune", ("Dockerfile", "FROM busybox\nRUN echo layer > /f\n"));
        (await _daemon.RunCliAsync(["build", ctx])).EnsureSuccess(); // untagged: its cache is dangling
        var prune = (await _daemon.RunCliAsync(["builder", "prune", "-f"])).EnsureSuccess();
        Assert.Contains("Deleted build cache objects:", prune.Stdout);
        var rebuild = (await _daemon.RunCliAsync(["build", ctx])).EnsureSuccess();
        Assert.DoesNotContain("Using cache", rebuild.Stdout);
    }

    [RequiresBinaryFact("/usr/local/bin/docker")]
    public async Task Docker_cli_builds_with_the_classic_builder()
    {
        if (TestEnvironment.SkipUnlessRoot() is not null)
        {
            return;
        }

        var ctx = Context("docker", ("Dockerfile", SixSteps), ("message.txt", "from docker\n"));
        (await _daemon.RunCliAsync(["build", "-t", "app:berth", ctx])).EnsureSuccess();

        // docker 28 picks the classic builder by itself when /_ping says Builder-Version 1 ...
        var plain = (await _daemon.RunDockerAsync(["build", "-t", "app:docker", ctx])).EnsureSuccess();
        Assert.Contains("Step 6/6 : CMD", plain.Stdout);
        Assert.Equal(5, plain.Lines.Count(l => l == "---> Using cache")); // shares berth's cache
        Assert.Equal(await ImageIdAsync("app:berth"), await ImageIdAsync("app:docker"));

        // ... and with DOCKER_BUILDKIT=0 asked explicitly.
        var iid = Path.Combine(_daemon.Root, "docker.iid");
        var legacy = await ProcessRunner.RunAsync(BerthPaths.Docker, ["build", "--no-cache", "--iidfile", iid, "-t", "app:legacy", ctx],
            new Dictionary<string, string?>
            {
                ["DOCKER_HOST"] = _daemon.Host,
                ["DOCKER_CONFIG"] = Path.Combine(_daemon.Root, "docker-config"),
                ["DOCKER_BUILDKIT"] = "0",
                ["DOCKER_CLI_HINTS"] = "false",
            });
        Assert.True(legacy.ExitCode == 0, legacy.ToString());
        Assert.Equal(await ImageIdAsync("app:legacy"), File.ReadAllText(iid).Trim());
        Assert.Equal(["from docker", "hello from run"], (await _daemon.RunDockerAsync(["run", "--rm", "app:legacy"])).EnsureSuccess().Lines);

        var failing = await _daemon.RunDockerAsync(["build", Context("dfail", ("Dockerfile", "FROM busybox\nRUN exit 4\n"))]);
        Assert.Equal(4, failing.ExitCode);
        Assert.Contains("returned a non-zero code: 4", failing.Stderr);
    }
}
