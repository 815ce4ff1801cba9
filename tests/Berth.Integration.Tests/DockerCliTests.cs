using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>The real docker CLI (DOCKER_HOST=unix://…) against a private berthd.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class DockerCliTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public Task InitializeAsync() => _daemon.StartAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RequiresBinaryFact("/usr/local/bin/docker")]
    public async Task Docker_version_and_info_talk_to_berthd()
    {
        var version = (await _daemon.RunDockerAsync(["version"])).EnsureSuccess();
        Assert.Contains("Server:", version.Stdout);
        Assert.Contains("Engine:", version.Stdout);

        var info = (await _daemon.RunDockerAsync(["info"])).EnsureSuccess();
        Assert.Contains(_daemon.DataRoot, info.Stdout);

        var serverOs = (await _daemon.RunDockerAsync(["version", "--format", "{{.Server.Os}}/{{.Server.Arch}}"])).EnsureSuccess();
        Assert.Equal("linux/amd64", serverOs.Stdout.Trim());
    }

    [RequiresBinaryFact("/usr/local/bin/docker")]
    public async Task Docker_images_tag_inspect_and_rmi()
    {
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);

        var images = (await _daemon.RunDockerAsync(["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"])).EnsureSuccess();
        Assert.Equal([$"busybox:latest {id["sha256:".Length..][..12]}"], images.Lines);

        (await _daemon.RunDockerAsync(["tag", "busybox", "mybox:1"])).EnsureSuccess();
        var inspect = (await _daemon.RunDockerAsync(["image", "inspect", "mybox:1"])).EnsureSuccess();
        using (var doc = JsonDocument.Parse(inspect.Stdout))
        {
            Assert.Equal(id, doc.RootElement[0].GetProperty("Id").GetString());
        }
        var idFormat = (await _daemon.RunDockerAsync(["image", "inspect", "-f", "{{.Id}}", "mybox:1"])).EnsureSuccess();
        Assert.Equal(id, idFormat.Stdout.Trim());

        var rmi = (await _daemon.RunDockerAsync(["rmi", "mybox:1"])).EnsureSuccess();
        Assert.Contains("Untagged: mybox:1", rmi.Stdout);

        var missing = await _daemon.RunDockerAsync(["rmi", "nosuch"]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such image: nosuch:latest", missing.Stderr);
    }

    [RequiresBinaryFact("/usr/local/bin/docker")]
    public async Task Docker_save_and_load_round_trip()
    {
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        string archive = Path.Combine(_daemon.Root, "docker-save.tar");
        (await _daemon.RunDockerAsync(["save", "-o", archive, "busybox:latest"])).EnsureSuccess();
        (await _daemon.RunDockerAsync(["rmi", "busybox:latest"])).EnsureSuccess();
        Assert.Empty((await _daemon.RunDockerAsync(["images", "-q"])).EnsureSuccess().Lines);

        var load = (await _daemon.RunDockerAsync(["load", "-i", archive])).EnsureSuccess();
        Assert.Contains("Loaded image: busybox:latest", load.Stdout);
        var idFormat = (await _daemon.RunDockerAsync(["image", "inspect", "-f", "{{.Id}}", "busybox"])).EnsureSuccess();
        Assert.Equal(id, idFormat.Stdout.Trim());
    }
}
