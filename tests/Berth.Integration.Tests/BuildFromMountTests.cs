using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>RUN --mount=type=bind|cache,from=&lt;stage|image&gt;: another stage's files at the target, the stage built first.</summary>
public sealed class BuildFromMountTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Context(string name, string dockerfile)
    {
        var dir = Path.Combine(_daemon.Root, "ctx-" + name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), dockerfile);
        return dir;
    }

    private async Task<CliResult> BuildAsync(string context, params string[] args) =>
        (await _daemon.RunCliAsync(["build", .. args, context])).EnsureSuccess();

    private async Task<IReadOnlyList<string>> CatAsync(string image, string file) =>
        (await _daemon.RunCliAsync(["run", "--rm", image, "cat", file])).EnsureSuccess().Lines;

    private const string Dockerfile = """
        FROM busybox AS builder
        ARG V=1
        RUN sleep 1 && mkdir -p /out/sub && echo built > /out/app && echo nested > /out/sub/n && ln -s app /out/link \
         && chown 1234:5678 /out/app && chmod 750 /out/app && echo "$V" > /out/v

        FROM busybox AS unused
        RUN echo this stage must not be built && exit 42

        FROM busybox
        RUN --mount=type=bind,from=builder,source=/out,target=/mnt cat /mnt/app > /app.txt && stat -c '%a %u:%g' /mnt/app > /app.stat \
         && readlink /mnt/link > /link.txt && if touch /mnt/x 2>/dev/null; then echo writable; else echo read-only; fi > /ro.txt
        RUN --mount=type=bind,from=builder,source=/out,target=/mnt,rw echo changed > /mnt/app && cat /mnt/app > /rw.txt
        RUN --mount=type=bind,from=builder,source=out,target=/mnt cat /mnt/app > /after-rw.txt
        RUN --mount=type=bind,from=builder,source=/out/app,target=/single cat /single > /single.txt
        RUN --mount=from=0,target=/b cat /b/out/sub/n /b/out/v > /whole.txt
        RUN --mount=type=bind,from=busybox,source=/bin/busybox,target=/bb test -x /bb && echo image-ok > /image.txt
        RUN --mount=type=cache,from=builder,source=/out,target=/cache,id=seeded cat /cache/app > /cache1.txt && echo more >> /cache/app
        RUN --mount=type=cache,from=builder,source=/out,target=/cache,id=seeded,ro cat /cache/app > /cache2.txt
        """;

    [RootFact]
    public async Task Bind_and_cache_mounts_show_another_stage_or_image_and_the_stage_is_a_dependency()
    {
        var ctx = Context("from", Dockerfile);
        var build = await BuildAsync(ctx, "-t", "from:1");
        Assert.DoesNotContain("must not be built", build.Stdout);

        Assert.Equal(["built"], await CatAsync("from:1", "/app.txt"));
        Assert.Equal(["750 1234:5678"], await CatAsync("from:1", "/app.stat"));
        Assert.Equal(["app"], await CatAsync("from:1", "/link.txt"));
        Assert.Equal(["read-only"], await CatAsync("from:1", "/ro.txt"));
        Assert.Equal(["changed"], await CatAsync("from:1", "/rw.txt"));
        Assert.Equal(["built"], await CatAsync("from:1", "/after-rw.txt")); // rw writes are thrown away
        Assert.Equal(["built"], await CatAsync("from:1", "/single.txt"));
        Assert.Equal(["nested", "1"], await CatAsync("from:1", "/whole.txt"));
        Assert.Equal(["image-ok"], await CatAsync("from:1", "/image.txt"));
        Assert.Equal(["built"], await CatAsync("from:1", "/cache1.txt"));
        Assert.Equal(["built", "more"], await CatAsync("from:1", "/cache2.txt")); // seeded once, then kept

        // Unchanged: every step cached. A changed stage re-runs the steps that mount it.
        var cached = await BuildAsync(ctx, "-t", "from:1");
        Assert.DoesNotContain("Running in", cached.Stdout);
        await BuildAsync(ctx, "--build-arg", "V=2", "-t", "from:2");
        Assert.Equal(["nested", "2"], await CatAsync("from:2", "/whole.txt"));

        // --target builds only what the target needs.
        var target = await BuildAsync(ctx, "--target", "builder", "-t", "from:builder");
        Assert.DoesNotContain("cat /mnt/app", target.Stdout);
    }

    [RootFact]
    public async Task Missing_source_or_stage_fails_clearly()
    {
        var missing = await _daemon.RunCliAsync(["build", Context("missing", """
            FROM busybox AS builder
            RUN mkdir /out
            FROM busybox
            RUN --mount=type=bind,from=builder,source=/nope,target=/x true
            """)]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("failed to compute cache key: \"/nope\" not found", missing.Stderr);

        var image = await _daemon.RunCliAsync(["build", Context("noimage", "FROM busybox\nRUN --mount=from=nosuchimage,target=/x true\n")]);
        Assert.NotEqual(0, image.ExitCode);
        Assert.Contains("pull access denied for nosuchimage", image.Stderr);

        var self = await _daemon.RunCliAsync(["build", Context("self", "FROM busybox AS me\nRUN --mount=from=me,target=/x true\n")]);
        Assert.NotEqual(0, self.ExitCode);
        Assert.Contains("circular dependency detected on stage: me", self.Stderr);
    }
}
