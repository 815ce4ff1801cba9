using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>RUN --mount=type=secret with `berth build --secret`: visible to its RUN only, never in a layer, the cache key or a file of the daemon.</summary>
public sealed class BuildSecretMountTests : IAsyncLifetime
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

    private Task<CliResult> BuildAsync(IReadOnlyDictionary<string, string?> env, params string[] args) =>
        ProcessRunner.RunAsync(BerthPaths.Berth, ["-H", _daemon.Host, "build", .. args],
            new Dictionary<string, string?>(env) { ["DOCKER_HOST"] = null, ["BERTH_HOST"] = null });

    private async Task<IReadOnlyList<string>> RunAsync(string image, params string[] command) =>
        (await _daemon.RunCliAsync(["run", "--rm", image, .. command])).EnsureSuccess().Lines;

    [RootFact(BerthdOnly = "berth build --secret travels in a Berth request header")]
    public async Task Secret_file_and_env_reach_the_run_but_no_layer_cache_key_or_daemon_file()
    {
        var value = "s3cr3t-" + Guid.NewGuid().ToString("N");
        var token = "tok'en-" + Guid.NewGuid().ToString("N");
        var secretFile = Path.Combine(_daemon.Root, "secret.txt");
        File.WriteAllText(secretFile, value);
        var ctx = Context("secret", """
            FROM busybox
            RUN --mount=type=secret,id=foo sha256sum /run/secrets/foo | cut -c1-64 > /foo.sha && stat -c '%a %u:%g' /run/secrets/foo > /foo.stat
            RUN --mount=type=secret,id=foo,target=/etc/app/key,mode=0440,uid=1000,gid=1001 stat -c '%a %u:%g' /etc/app/key > /key.stat && sha256sum /etc/app/key | cut -c1-64 > /key.sha
            RUN --mount=type=secret,id=tok,env=API_TOKEN printf '%s' "$API_TOKEN" | sha256sum | cut -c1-64 > /tok.sha && test ! -e /run/secrets/tok
            RUN --mount=type=secret,id=absent echo optional-ran > /absent.txt && test ! -e /run/secrets/absent
            """);
        var env = new Dictionary<string, string?> { ["MY_TOKEN"] = token };
        (await BuildAsync(env, "--secret", $"id=foo,src={secretFile}", "--secret", "id=tok,env=MY_TOKEN", "-t", "secret:1", ctx)).EnsureSuccess();

        Assert.Equal([Sha256(value)], await RunAsync("secret:1", "cat", "/foo.sha"));
        Assert.Equal(["400 0:0"], await RunAsync("secret:1", "cat", "/foo.stat"));
        Assert.Equal(["440 1000:1001"], await RunAsync("secret:1", "cat", "/key.stat"));
        Assert.Equal([Sha256(value)], await RunAsync("secret:1", "cat", "/key.sha"));
        Assert.Equal([Sha256(token)], await RunAsync("secret:1", "cat", "/tok.sha"));
        Assert.Equal(["optional-ran"], await RunAsync("secret:1", "cat", "/absent.txt"));

        // No mount point leaks: busybox has no /run, and none of /run/secrets, /etc/app appears.
        var layers = await BuildImageLayers.SaveAsync(_daemon, "secret:1");
        Assert.DoesNotContain(layers.Entries, e => e.StartsWith("run", StringComparison.Ordinal) || e.StartsWith("etc/app", StringComparison.Ordinal));
        Assert.DoesNotContain("API_TOKEN=", layers.Text);
        Assert.False(layers.Contains(value), "the secret file's value is in the saved image");
        Assert.False(layers.Contains(token), "the env secret's value is in the saved image");
        Assert.Empty(await RunAsync("secret:1", "sh", "-c", "ls -d /run /etc/app 2>/dev/null; true"));

        var inspect = (await _daemon.RunCliAsync(["image", "inspect", "secret:1"])).EnsureSuccess().Stdout;
        var history = (await _daemon.RunCliAsync(["history", "--no-trunc", "secret:1"])).EnsureSuccess().Stdout;
        Assert.DoesNotContain(value, inspect + history);
        Assert.DoesNotContain(token, inspect + history);

        // Never written to the daemon's disk (data root or exec root), and no tmpfs left mounted.
        Assert.Empty(BuildImageLayers.FilesContaining(_daemon.DataRoot, value).Concat(BuildImageLayers.FilesContaining(_daemon.DataRoot, token)));
        Assert.Empty(BuildImageLayers.FilesContaining(_daemon.ExecRoot, value).Concat(BuildImageLayers.FilesContaining(_daemon.ExecRoot, token)));
        Assert.DoesNotContain(MountTable.MountsUnder(_daemon.DataRoot), m => m.Contains("secrets-", StringComparison.Ordinal));

        // The value is not in the cache key: a new value reuses every step (as BuildKit does).
        File.WriteAllText(secretFile, "another value");
        var again = (await BuildAsync(new Dictionary<string, string?> { ["MY_TOKEN"] = "x" },
            "--secret", $"id=foo,src={secretFile}", "--secret", "id=tok,env=MY_TOKEN", "-t", "secret:2", ctx)).EnsureSuccess();
        Assert.DoesNotContain("Running in", again.Stdout);
    }

    [RootFact(BerthdOnly = "berth build --secret travels in a Berth request header")]
    public async Task Missing_required_secret_fails_with_buildkits_words_and_tags_nothing()
    {
        var ctx = Context("required", "FROM busybox\nRUN --mount=type=secret,id=needed,required=true cat /run/secrets/needed\n");
        var result = await BuildAsync(new Dictionary<string, string?>(), "-t", "required:1", ctx);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("secret needed not found: not found", result.Stderr);
        Assert.NotEqual(0, (await _daemon.RunCliAsync(["image", "inspect", "required:1"])).ExitCode);
        Assert.DoesNotContain(MountTable.MountsUnder(_daemon.DataRoot), m => m.Contains("secrets-", StringComparison.Ordinal));
    }

    [RootFact(BerthdOnly = "berth build --secret is parsed by the berth CLI")]
    public async Task Bad_secret_flags_fail_in_the_client_with_buildx_wording()
    {
        var ctx = Context("flags", "FROM busybox\nRUN --mount=type=secret,id=big cat /run/secrets/big\n");
        var missing = await BuildAsync(new Dictionary<string, string?>(), "--secret", "id=x,src=/nonexistent/file", ctx);
        Assert.Contains("failed to stat /nonexistent/file", missing.Stderr);
        var badType = await BuildAsync(new Dictionary<string, string?>(), "--secret", "id=x,type=dir", ctx);
        Assert.Contains("unsupported secret type \"dir\"", badType.Stderr);
        var badKey = await BuildAsync(new Dictionary<string, string?>(), "--secret", "id=x,path=y", ctx);
        Assert.Contains("unexpected key 'path' in 'path=y'", badKey.Stderr);

        var huge = Path.Combine(_daemon.Root, "huge.bin");
        File.WriteAllBytes(huge, new byte[600 * 1024]);
        var tooBig = await BuildAsync(new Dictionary<string, string?>(), "--secret", $"id=big,src={huge}", ctx);
        Assert.Contains("secret big too big. max size 500KB", tooBig.Stderr);

        // One secret of BuildKit's maximum size travels (and arrives whole); two of them are more
        // than the request header carries, and the CLI says so before sending anything.
        var large = Path.Combine(_daemon.Root, "large.bin");
        File.WriteAllBytes(large, Enumerable.Range(0, 500 * 1024).Select(i => (byte)(i * 7)).ToArray());
        var sized = Context("sized", "FROM busybox\nRUN --mount=type=secret,id=big wc -c < /run/secrets/big && md5sum /run/secrets/big\n");
        var fits = await BuildAsync(new Dictionary<string, string?>(), "--no-cache", "--progress=plain", "--secret", $"id=big,src={large}", sized);
        Assert.Equal(0, fits.ExitCode);
        Assert.Contains((500 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), fits.Stdout + fits.Stderr);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(File.ReadAllBytes(large))), fits.Stdout + fits.Stderr);
        var overHeader = await BuildAsync(new Dictionary<string, string?>(), "--secret", $"id=big,src={large}", "--secret", $"id=big2,src={large}", ctx);
        Assert.NotEqual(0, overHeader.ExitCode);
        Assert.Contains("secrets are too large for berthd", overHeader.Stderr);
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
