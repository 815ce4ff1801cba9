using System.Formats.Tar;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>cp both ways, diff, export and commit against a private berthd, with berth and with the docker CLI.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ContainerFilesystemTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public Task InitializeAsync() => _daemon.StartAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Local(string name) => Path.Combine(_daemon.Root, name);

    private static List<string> TarNames(string path)
    {
        var names = new List<string>();
        using var reader = new TarReader(File.OpenRead(path));
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name.TrimEnd('/'));
        }

        return names;
    }

    [RootFact]
    public async Task Berth_cp_diff_export_commit_round_trip()
    {
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        (await _daemon.RunCliAsync(["run", "-d", "--network", "none", "--name", "fsbox", "busybox", "sleep", "300"])).EnsureSuccess();
        File.WriteAllText(Local("thefile"), "hello from the host\n");
        Directory.CreateDirectory(Local("tree/sub"));
        File.WriteAllText(Local("tree/sub/s"), "s");

        (await _daemon.RunCliAsync(["cp", Local("thefile"), "fsbox:/thefile"])).EnsureSuccess();
        (await _daemon.RunCliAsync(["cp", Local("tree"), "fsbox:/tmp/"])).EnsureSuccess();
        var inside = (await _daemon.RunCliAsync(["exec", "fsbox", "cat", "/thefile", "/tmp/tree/sub/s"])).EnsureSuccess();
        Assert.Equal("hello from the host\ns", inside.Stdout);

        (await _daemon.RunCliAsync(["exec", "fsbox", "sh", "-c", "echo made-inside > /etc/made && rm /bin/vi"])).EnsureSuccess();
        (await _daemon.RunCliAsync(["cp", "fsbox:/etc/made", Local("made")])).EnsureSuccess();
        Assert.Equal("made-inside\n", File.ReadAllText(Local("made")));
        Directory.CreateDirectory(Local("etc-contents"));
        (await _daemon.RunCliAsync(["cp", "fsbox:/etc/.", Local("etc-contents")])).EnsureSuccess();
        Assert.True(File.Exists(Local("etc-contents/passwd")));

        var missing = await _daemon.RunCliAsync(["cp", "fsbox:/nope", Local("x")]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Could not find the file /nope in container fsbox", missing.Stderr);

        var diff = (await _daemon.RunCliAsync(["diff", "fsbox"])).EnsureSuccess().Lines;
        Assert.Contains("A /thefile", diff);
        Assert.Contains("C /etc", diff);
        Assert.Contains("A /etc/made", diff);
        Assert.Contains("D /bin/vi", diff);
        Assert.Contains("A /tmp/tree/sub/s", diff);

        (await _daemon.RunCliAsync(["export", "-o", Local("export.tar"), "fsbox"])).EnsureSuccess();
        var exported = TarNames(Local("export.tar"));
        Assert.Contains("thefile", exported);
        Assert.Contains("bin/busybox", exported);
        Assert.DoesNotContain("bin/vi", exported);

        var id = (await _daemon.RunCliAsync(["commit", "-c", "ENV FROM_COMMIT=yes", "fsbox", "snap:1"])).EnsureSuccess().Stdout.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", id);
        var run = (await _daemon.RunCliAsync(["run", "--rm", "--network", "none", "snap:1", "sh", "-c", "cat /thefile; echo $FROM_COMMIT; test -e /bin/vi || echo no-vi"])).EnsureSuccess();
        Assert.Equal("hello from the host\nyes\nno-vi\n", run.Stdout);

        (await _daemon.RunCliAsync(["rm", "-f", "fsbox"])).EnsureSuccess();
    }

    [RootFact]
    public async Task Stopped_container_can_be_copied_from_and_to()
    {
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        (await _daemon.RunCliAsync(["create", "--network", "none", "--name", "cold", "busybox", "true"])).EnsureSuccess();
        File.WriteAllText(Local("in"), "cold data");
        (await _daemon.RunCliAsync(["cp", Local("in"), "cold:/in"])).EnsureSuccess();
        (await _daemon.RunCliAsync(["cp", "cold:/in", Local("out")])).EnsureSuccess();
        Assert.Equal("cold data", File.ReadAllText(Local("out")));
        Assert.Equal(["A /in"], (await _daemon.RunCliAsync(["diff", "cold"])).EnsureSuccess().Lines);

        // The private mounts made for a stopped container are gone once each request is done.
        Assert.Empty(MountTable.MountsUnder(Path.Combine(_daemon.ExecRoot, "rootfs-leases")));
        (await _daemon.RunCliAsync(["rm", "cold"])).EnsureSuccess();
    }

    [RequiresBinaryFact("/usr/local/bin/docker")]
    public async Task Docker_cli_cp_diff_export_commit()
    {
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        (await _daemon.RunDockerAsync(["run", "-d", "--network", "none", "--name", "dbox", "busybox", "sleep", "300"])).EnsureSuccess();
        File.WriteAllText(Local("dfile"), "via docker\n");
        (await _daemon.RunDockerAsync(["cp", Local("dfile"), "dbox:/dfile"])).EnsureSuccess();
        (await _daemon.RunDockerAsync(["cp", "dbox:/dfile", Local("dback")])).EnsureSuccess();
        Assert.Equal("via docker\n", File.ReadAllText(Local("dback")));

        var missing = await _daemon.RunDockerAsync(["cp", "dbox:/nope", Local("x")]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Could not find the file /nope in container dbox", missing.Stderr);

        Assert.Contains("A /dfile", (await _daemon.RunDockerAsync(["diff", "dbox"])).EnsureSuccess().Lines);
        (await _daemon.RunDockerAsync(["export", "-o", Local("d.tar"), "dbox"])).EnsureSuccess();
        Assert.Contains("dfile", TarNames(Local("d.tar")));

        var id = (await _daemon.RunDockerAsync(["commit", "-m", "msg", "dbox", "dsnap:1"])).EnsureSuccess().Stdout.Trim();
        Assert.StartsWith("sha256:", id);
        var run = (await _daemon.RunDockerAsync(["run", "--rm", "--network", "none", "dsnap:1", "cat", "/dfile"])).EnsureSuccess();
        Assert.Equal("via docker\n", run.Stdout);
        (await _daemon.RunDockerAsync(["rm", "-f", "dbox"])).EnsureSuccess();
    }
}
