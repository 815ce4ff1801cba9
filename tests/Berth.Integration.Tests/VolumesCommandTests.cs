using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>`volume create/ls/inspect/rm/prune` and `system df -v` through the berth CLI.</summary>
public sealed class VolumesCommandTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Create_list_filter_inspect_and_remove()
    {
        Assert.Equal("vc-plain", await _daemon.CliOkAsync("volume", "create", "vc-plain"));
        await _daemon.CliOkAsync("volume", "create", "--label", "team=blue", "--name", "vc-labelled");
        string generated = await _daemon.CliOkAsync("volume", "create");
        Assert.Matches("^[0-9a-f]{64}$", generated);

        var all = (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines;
        Assert.Equal(new[] { generated, "vc-labelled", "vc-plain" }.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(["vc-labelled"], (await _daemon.RunCliAsync(["volume", "ls", "-q", "-f", "label=team=blue"])).EnsureSuccess().Lines);
        Assert.Equal(["vc-plain"], (await _daemon.RunCliAsync(["volume", "ls", "-q", "--filter", "name=vc-pl"])).EnsureSuccess().Lines);
        Assert.Equal(["local vc-plain"],
            (await _daemon.RunCliAsync(["volume", "ls", "-f", "name=vc-plain", "--format", "{{.Driver}} {{.Name}}"])).EnsureSuccess().Lines);
        var table = (await _daemon.RunCliAsync(["volume", "ls"])).EnsureSuccess().Lines;
        Assert.Matches(@"^DRIVER\s+VOLUME NAME$", table[0]);

        // In use by a container: not dangling.
        await _daemon.CliOkAsync("create", "--name", "vc-user", "-v", "vc-plain:/data", "busybox", "true");
        var dangling = (await _daemon.RunCliAsync(["volume", "ls", "-q", "-f", "dangling=true"])).EnsureSuccess().Lines;
        Assert.DoesNotContain("vc-plain", dangling);
        Assert.Contains("vc-labelled", dangling);

        var inspect = await _daemon.InspectJsonDocAsync("volume", "inspect", "vc-labelled");
        var v = inspect[0];
        Assert.Equal("vc-labelled", v.GetProperty("Name").GetString());
        Assert.Equal("local", v.GetProperty("Driver").GetString());
        Assert.Equal("local", v.GetProperty("Scope").GetString());
        Assert.Equal("blue", v.GetProperty("Labels").GetProperty("team").GetString());
        string mountpoint = v.GetProperty("Mountpoint").GetString()!;
        Assert.StartsWith(_daemon.DataRoot + "/", mountpoint);
        Assert.True(Directory.Exists(mountpoint), mountpoint);
        Assert.Equal(mountpoint, await _daemon.CliOkAsync("volume", "inspect", "-f", "{{.Mountpoint}}", "vc-labelled"));

        var inUse = await _daemon.RunCliAsync(["volume", "rm", "vc-plain"]);
        string userId = await _daemon.InspectFieldAsync("vc-user", "{{.Id}}");
        NetworksTestKit.AssertFails(inUse, $"remove vc-plain: volume is in use - [{userId}]");
        var missing = await _daemon.RunCliAsync(["volume", "rm", "vc-nosuch"]);
        NetworksTestKit.AssertFails(missing, "no such volume");
        using (var response = await _daemon.Http.DeleteAsync("/volumes/vc-plain"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        }

        Assert.Equal("vc-labelled", await _daemon.CliOkAsync("volume", "rm", "vc-labelled"));
        Assert.False(Directory.Exists(mountpoint));
        await _daemon.CliOkAsync("rm", "vc-user");
        await _daemon.CliOkAsync("volume", "rm", "vc-plain", generated);
        Assert.Empty((await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines);
    }

    [RootFact]
    public async Task Prune_removes_unused_anonymous_volumes_and_with_all_named_ones()
    {
        await _daemon.CliOkAsync("volume", "create", "vp-named");
        await _daemon.CliOkAsync("volume", "create", "--label", "keep=yes", "vp-kept");
        await _daemon.CliOkAsync("volume", "create", "vp-used");
        await _daemon.CliOkAsync("create", "--name", "vp-holder", "-v", "vp-used:/data", "busybox", "true");
        // An anonymous volume, left behind by `rm` without -v.
        await _daemon.CliOkAsync("create", "--name", "vp-anon", "-v", "/scratch", "busybox", "true");
        string anonymous = await _daemon.InspectFieldAsync("vp-anon", "{{range .Mounts}}{{.Name}}{{end}}");
        Assert.Matches("^[0-9a-f]{64}$", anonymous);
        await _daemon.CliOkAsync("rm", "vp-anon");

        var prune = (await _daemon.RunCliAsync(["volume", "prune", "-f"])).EnsureSuccess();
        Assert.Contains(anonymous, prune.Stdout);
        Assert.Contains("Total reclaimed space:", prune.Stdout);
        var left = (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines;
        Assert.Equal(new[] { "vp-kept", "vp-named", "vp-used" }, left.Order(StringComparer.Ordinal));

        (await _daemon.RunCliAsync(["volume", "prune", "-a", "-f", "--filter", "label!=keep"])).EnsureSuccess();
        left = (await _daemon.RunCliAsync(["volume", "ls", "-q"])).EnsureSuccess().Lines;
        Assert.Equal(new[] { "vp-kept", "vp-used" }, left.Order(StringComparer.Ordinal));
    }

    [RootFact]
    public async Task System_df_verbose_lists_volumes_with_their_size()
    {
        await _daemon.CliOkAsync("volume", "create", "vd-sized");
        (await _daemon.RunCliAsync(["run", "--rm", "-v", "vd-sized:/data", "busybox", "dd", "if=/dev/zero", "of=/data/blob",
            "bs=1024", "count=2048"])).EnsureSuccess();
        var df = (await _daemon.RunCliAsync(["system", "df", "-v"])).EnsureSuccess();
        Assert.Contains("Local Volumes space usage:", df.Stdout);
        string line = Assert.Single(df.Lines, l => l.StartsWith("vd-sized ", StringComparison.Ordinal));
        Assert.Matches(@"^vd-sized\s+0\s+2\.\d+MB$", line);

    }
}
