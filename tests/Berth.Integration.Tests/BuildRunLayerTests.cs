using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>What a RUN's layer holds: the command's changes, and not the mount points runc makes for the
/// files every container gets (/etc/hosts, /etc/hostname, /etc/resolv.conf), as with Docker and BuildKit.</summary>
public sealed class BuildRunLayerTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact(BerthdOnly = "reads the layers of a `berth save`")]
    public async Task Run_layer_has_the_changes_but_not_the_network_file_mount_points()
    {
        var ctx = Path.Combine(_daemon.Root, "ctx-runlayer");
        Directory.CreateDirectory(ctx);
        File.WriteAllText(Path.Combine(ctx, "Dockerfile"), "FROM busybox\nRUN echo hi > /greeting && mkdir -p /etc/app && echo x > /etc/app/conf\n");
        (await _daemon.RunCliAsync(["build", "-q", "-t", "runlayer:1", ctx])).EnsureSuccess();

        // The local busybox image has no /etc/hosts, /etc/hostname or /etc/resolv.conf of its own.
        var layers = await BuildImageLayers.SaveAsync(_daemon, "runlayer:1");
        Assert.Contains("greeting", layers.Entries);
        Assert.Contains("etc/app/conf", layers.Entries);
        Assert.True(!layers.Entries.Any(e => e is "etc/hosts" or "etc/hostname" or "etc/resolv.conf"), string.Join(" ", layers.Entries));

        // A container of the image still gets all three.
        var lines = (await _daemon.RunCliAsync(["run", "--rm", "runlayer:1", "sh", "-c", "test -s /etc/hosts && test -s /etc/hostname && test -e /etc/resolv.conf && cat /greeting"])).EnsureSuccess().Lines;
        Assert.Equal(["hi"], lines);
    }
}
