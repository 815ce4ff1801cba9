using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>-v, --mount, --tmpfs, --volumes-from, anonymous volumes and image VOLUME copy-up.</summary>
public sealed class VolumesMountTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();
    private readonly TempDirectory _host = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _host.Dispose();
    }

    private Task<CliResult> RunOnceAsync(params string[] args) =>
        _daemon.RunCliAsync([.. new[] { "run", "--rm" }, .. args], timeout: TimeSpan.FromSeconds(60));

    [RootFact]
    public async Task Named_volume_persists_across_containers_and_is_shared_live()
    {
        (await RunOnceAsync("-v", "vm-data:/data", "busybox", "sh", "-c", "echo first > /data/note")).EnsureSuccess();
        Assert.Equal("first", (await RunOnceAsync("-v", "vm-data:/data", "busybox", "cat", "/data/note")).EnsureSuccess().Stdout.Trim());
        Assert.Contains("vm-data", (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);

        await _daemon.RunSleeperAsync("vm-a", "-v", "vm-data:/data");
        await _daemon.RunSleeperAsync("vm-b", "-v", "vm-data:/shared");
        (await _daemon.ShAsync("vm-a", "echo from-a > /data/a")).EnsureSuccess();
        Assert.Equal("from-a", (await _daemon.ExecAsync("vm-b", "cat", "/shared/a")).EnsureSuccess().Stdout.Trim());
        (await _daemon.ShAsync("vm-b", "echo from-b > /shared/b")).EnsureSuccess();
        Assert.Equal("from-b", (await _daemon.ExecAsync("vm-a", "cat", "/data/b")).EnsureSuccess().Stdout.Trim());
    }

    [RootFact]
    public async Task Bind_mounts_read_only_missing_sources_and_created_host_dirs()
    {
        string dir = Path.Combine(_host.Path, "ro");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "host.txt"), "from-host");
        Assert.Equal("from-host", (await RunOnceAsync("-v", $"{dir}:/c:ro", "busybox", "cat", "/c/host.txt")).EnsureSuccess().Stdout.Trim());
        var write = await RunOnceAsync("-v", $"{dir}:/c:ro", "busybox", "sh", "-c", "echo x > /c/new");
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Read-only file system", write.Stderr + write.Stdout);
        Assert.False(File.Exists(Path.Combine(dir, "new")));
        // Read-write bind: the host sees the container's write.
        (await RunOnceAsync("-v", $"{dir}:/c", "busybox", "sh", "-c", "echo back > /c/rw.txt")).EnsureSuccess();
        Assert.Equal("back", (await File.ReadAllTextAsync(Path.Combine(dir, "rw.txt"))).Trim());

        string missing = Path.Combine(_host.Path, "missing-src");
        var mount = await RunOnceAsync("--mount", $"type=bind,source={missing},target=/x", "busybox", "true");
        Assert.Equal(125, mount.ExitCode);
        Assert.Contains($"invalid mount config for type \"bind\": bind source path does not exist: {missing}", mount.Stderr);
        Assert.False(Directory.Exists(missing));

        string created = Path.Combine(_host.Path, "created", "deep");
        (await RunOnceAsync("-v", $"{created}:/x", "busybox", "sh", "-c", "echo made > /x/f")).EnsureSuccess();
        Assert.True(Directory.Exists(created));
        Assert.Equal("made", (await File.ReadAllTextAsync(Path.Combine(created, "f"))).Trim());
    }

    [RootFact]
    public async Task Tmpfs_has_the_requested_size()
    {
        var df = (await RunOnceAsync("--tmpfs", "/t:size=1m", "busybox", "sh", "-c", "df -k /t | tail -n 1; grep ' /t ' /proc/mounts"))
            .EnsureSuccess();
        string[] dfFields = df.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1024", dfFields[1]);
        Assert.StartsWith("tmpfs /t tmpfs", df.Lines[1]);
        var full = await RunOnceAsync("--tmpfs", "/t:size=1m", "busybox", "dd", "if=/dev/zero", "of=/t/big", "bs=1024", "count=2048");
        Assert.NotEqual(0, full.ExitCode);
        Assert.Contains("No space left on device", full.Stderr);
    }

    [RootFact]
    public async Task Anonymous_volumes_go_with_rm_v_and_run_rm()
    {
        string before = string.Join(",", (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);
        Assert.Equal("", before);

        (await RunOnceAsync("-v", "/data", "busybox", "sh", "-c", "echo x > /data/f")).EnsureSuccess();
        Assert.Empty((await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);

        await _daemon.CliOkAsync("run", "--name", "va-keep", "-v", "/data", "-v", "va-named:/named", "busybox", "true");
        string anonymous = await _daemon.InspectFieldAsync("va-keep", "{{range .Mounts}}{{if eq .Destination \"/data\"}}{{.Name}}{{end}}{{end}}");
        Assert.Contains(anonymous, (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);
        await _daemon.CliOkAsync("rm", "-v", "va-keep");
        var left = (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines;
        Assert.DoesNotContain(anonymous, left);
        Assert.Contains("va-named", left); // rm -v keeps named volumes, as Docker does
    }

    [RootFact]
    public async Task Volumes_from_mounts_the_other_containers_volumes()
    {
        await _daemon.CliOkAsync("run", "--name", "vf-source", "-v", "/anon", "-v", "vf-named:/named", "busybox", "sh", "-c",
            "echo a > /anon/f; echo n > /named/f");
        var read = (await RunOnceAsync("--volumes-from", "vf-source", "busybox", "cat", "/anon/f", "/named/f")).EnsureSuccess();
        Assert.Equal(["a", "n"], read.Lines);
        var ro = await RunOnceAsync("--volumes-from", "vf-source:ro", "busybox", "sh", "-c", "echo x > /named/g");
        Assert.NotEqual(0, ro.ExitCode);
    }

    [RootFact]
    public async Task Image_volume_is_populated_from_the_image_on_first_use()
    {
        string context = Path.Combine(_host.Path, "ctx");
        Directory.CreateDirectory(context);
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"),
            "FROM busybox\nRUN mkdir -p /seed && echo seeded > /seed/file && mkdir /seed/sub && echo deep > /seed/sub/f && chown 1000:1000 /seed/sub\nVOLUME /seed\n");
        (await _daemon.RunCliAsync(["build", "-q", "-t", "vi-seeded", context], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess();

        // Anonymous volume from the image's VOLUME, and a fresh named volume at the same path: both copied up.
        var anon = (await RunOnceAsync("vi-seeded", "sh", "-c", "cat /seed/file /seed/sub/f; stat -c %u:%g /seed/sub")).EnsureSuccess();
        Assert.Equal(["seeded", "deep", "1000:1000"], anon.Lines);
        (await RunOnceAsync("-v", "vi-fresh:/seed", "vi-seeded", "sh", "-c", "echo mine >> /seed/file")).EnsureSuccess();
        Assert.Equal(["seeded", "mine"], (await RunOnceAsync("-v", "vi-fresh:/seed", "vi-seeded", "cat", "/seed/file")).EnsureSuccess().Lines);
        // An existing volume with data is not overwritten by a second copy-up.
        Assert.Equal(["seeded", "mine"], (await RunOnceAsync("-v", "vi-fresh:/seed", "busybox", "cat", "/seed/file")).EnsureSuccess().Lines);
    }
}
