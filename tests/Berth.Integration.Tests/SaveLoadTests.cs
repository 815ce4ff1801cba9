using System.IO.Compression;
using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

public sealed class SaveLoadTests
{
    [RootFact]
    public async Task Save_then_load_into_another_daemon_keeps_the_image_id()
    {
        await using var source = new DaemonFixture();
        await using var target = new DaemonFixture();
        await source.StartAsync();
        await target.StartAsync();
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(source);

        string archive = Path.Combine(source.Root, "busybox.tar");
        (await source.RunCliAsync(["save", "-o", archive, "busybox:latest"])).EnsureSuccess();
        var load = (await target.RunCliAsync(["load", "-i", archive])).EnsureSuccess();
        Assert.Contains("Loaded image: busybox:latest", load.Stdout);

        Assert.Equal(id, await BusyboxRootfs.TryGetImageIdAsync(target, "busybox:latest"));
    }

    [RootFact]
    public async Task Load_from_stdin_after_rmi_restores_the_same_image()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync();
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);
        string archive = Path.Combine(daemon.Root, "busybox.tar");
        (await daemon.RunCliAsync(["save", "-o", archive, "busybox"])).EnsureSuccess();
        (await daemon.RunCliAsync(["rmi", "busybox"])).EnsureSuccess();

        await using (var stdin = File.OpenRead(archive))
        {
            (await daemon.RunCliAsync(["load"], stdin)).EnsureSuccess();
        }
        Assert.Equal(id, await BusyboxRootfs.TryGetImageIdAsync(daemon, "busybox"));
    }

    [RootFact]
    public async Task Save_of_two_images_in_one_archive_loads_both()
    {
        await using var source = new DaemonFixture();
        await using var target = new DaemonFixture();
        await source.StartAsync();
        await target.StartAsync();
        string busybox = await BusyboxRootfs.EnsureBusyboxImageAsync(source);
        using (var rootfs = new MemoryStream(new LayerTarBuilder().Directory("etc").File("etc/motd", "hello").ToArray()))
        {
            (await source.RunCliAsync(["import", "-", "motd:1.0"], rootfs)).EnsureSuccess();
        }
        string motd = (await BusyboxRootfs.TryGetImageIdAsync(source, "motd:1.0"))!;

        string archive = Path.Combine(source.Root, "two.tar");
        (await source.RunCliAsync(["save", "-o", archive, "busybox", "motd:1.0"])).EnsureSuccess();
        using (var manifest = JsonDocument.Parse(ImageCommandsTests.ReadTar(archive)["manifest.json"]))
        {
            Assert.Equal(2, manifest.RootElement.GetArrayLength());
        }

        (await target.RunCliAsync(["load", "-i", archive])).EnsureSuccess();
        Assert.Equal(busybox, await BusyboxRootfs.TryGetImageIdAsync(target, "busybox:latest"));
        Assert.Equal(motd, await BusyboxRootfs.TryGetImageIdAsync(target, "motd:1.0"));
    }

    [RootFact]
    public async Task Load_accepts_a_gzip_compressed_archive()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync();
        var writer = new DockerArchiveWriter();
        string id = writer.AddImage([new LayerTarBuilder().File("hello.txt", "hi").ToArray()], "gz:test");
        string archive = Path.Combine(daemon.Root, "image.tar.gz");
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            writer.WriteTo(gzip);
        }

        var load = (await daemon.RunCliAsync(["load", "-i", archive])).EnsureSuccess();
        Assert.Contains("Loaded image: gz:test", load.Stdout);
        Assert.Equal(id, await BusyboxRootfs.TryGetImageIdAsync(daemon, "gz:test"));
    }

    [RootFact]
    public async Task Load_of_a_handwritten_archive_gives_the_config_digest_as_id()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync();
        var writer = new DockerArchiveWriter();
        string id = writer.AddImage(
            [new LayerTarBuilder().File("a", "1").ToArray(), new LayerTarBuilder().File("b", "2").ToArray()], "two-layers:1");
        string archive = Path.Combine(daemon.Root, "image.tar");
        writer.WriteTo(archive);

        (await daemon.RunCliAsync(["load", "-i", archive])).EnsureSuccess();
        var inspect = (await daemon.RunCliAsync(["image", "inspect", "two-layers:1"])).EnsureSuccess();
        using var doc = JsonDocument.Parse(inspect.Stdout);
        Assert.Equal(id, doc.RootElement[0].GetProperty("Id").GetString());
        Assert.Equal(2, doc.RootElement[0].GetProperty("RootFS").GetProperty("Layers").GetArrayLength());
    }
}
