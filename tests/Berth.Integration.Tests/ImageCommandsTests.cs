using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>Image commands through the berth CLI, each test on its own fresh daemon.</summary>
public sealed class ImageCommandsTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public Task InitializeAsync() => _daemon.StartAsync();

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Imported_busybox_is_listed_as_busybox_latest()
    {
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);

        var images = (await _daemon.RunCliAsync(["images"])).EnsureSuccess();
        Assert.Contains("REPOSITORY", images.Lines[0]);
        string shortId = id["sha256:".Length..][..12];
        Assert.Contains(images.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^busybox\s+latest\s+{shortId}\s"));

        var quiet = (await _daemon.RunCliAsync(["images", "-q"])).EnsureSuccess();
        Assert.Equal([shortId], quiet.Lines);

        var format = (await _daemon.RunCliAsync(["images", "--format", "{{.Repository}}:{{.Tag}}"])).EnsureSuccess();
        Assert.Equal(["busybox:latest"], format.Lines);
    }

    [RootFact]
    public async Task Inspect_id_is_the_sha256_of_the_image_config()
    {
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        string archive = Path.Combine(_daemon.Root, "bb.tar");
        (await _daemon.RunCliAsync(["save", "-o", archive, "busybox"])).EnsureSuccess();

        var files = ReadTar(archive);
        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        string configPath = manifest.RootElement[0].GetProperty("Config").GetString()!;
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(files[configPath])), id);

        var inspect = (await _daemon.RunCliAsync(["image", "inspect", "busybox"])).EnsureSuccess();
        using var doc = JsonDocument.Parse(inspect.Stdout);
        var image = doc.RootElement[0];
        Assert.Equal(id, image.GetProperty("Id").GetString());
        Assert.Equal(["busybox:latest"], image.GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["sh"], image.GetProperty("Config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("linux", image.GetProperty("Os").GetString());
        Assert.Single(image.GetProperty("RootFS").GetProperty("Layers").EnumerateArray());
    }

    [RootFact]
    public async Task Tag_adds_a_name_and_rmi_untags_before_it_deletes()
    {
        string id = await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        (await _daemon.RunCliAsync(["tag", "busybox", "example.com/team/bb:v1"])).EnsureSuccess();

        var names = (await _daemon.RunCliAsync(["images", "--format", "{{.Repository}}:{{.Tag}}"])).EnsureSuccess();
        Assert.Equal(["busybox:latest", "example.com/team/bb:v1"], names.Lines.Order());

        var untag = (await _daemon.RunCliAsync(["rmi", "example.com/team/bb:v1"])).EnsureSuccess();
        Assert.Contains("Untagged: example.com/team/bb:v1", untag.Stdout);
        Assert.DoesNotContain("Deleted:", untag.Stdout);
        Assert.NotNull(await BusyboxRootfs.TryGetImageIdAsync(_daemon, "busybox"));

        var delete = (await _daemon.RunCliAsync(["rmi", "busybox"])).EnsureSuccess();
        Assert.Contains("Untagged: busybox:latest", delete.Stdout);
        Assert.Contains($"Deleted: {id}", delete.Stdout);
        Assert.Empty((await _daemon.RunCliAsync(["images", "-q"])).EnsureSuccess().Lines);
    }

    [RootFact]
    public async Task Filters_select_by_dangling_reference_and_label()
    {
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        string oldId = await ImportAsync(new LayerTarBuilder().File("a.txt", "one"), "app:1", "LABEL tier=old");
        await ImportAsync(new LayerTarBuilder().File("a.txt", "two"), "app:1", "LABEL tier=new");

        var dangling = (await _daemon.RunCliAsync(["images", "-q", "--no-trunc", "-f", "dangling=true"])).EnsureSuccess();
        Assert.Equal([oldId], dangling.Lines);

        var reference = (await _daemon.RunCliAsync(["images", "-f", "reference=busy*", "--format", "{{.Repository}}"])).EnsureSuccess();
        Assert.Equal(["busybox"], reference.Lines);

        var label = (await _daemon.RunCliAsync(["images", "-f", "label=tier=new", "--format", "{{.Repository}}:{{.Tag}}"])).EnsureSuccess();
        Assert.Equal(["app:1"], label.Lines);

        var labelKey = (await _daemon.RunCliAsync(["images", "-a", "-q", "--no-trunc", "-f", "label=tier"])).EnsureSuccess();
        Assert.Equal(2, labelKey.Lines.Count);
    }

    [RootFact]
    public async Task Image_prune_removes_dangling_images_only()
    {
        string busybox = await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        string oldId = await ImportAsync(new LayerTarBuilder().File("f", "old"), "app:latest");
        await ImportAsync(new LayerTarBuilder().File("f", "new"), "app:latest");

        var prune = (await _daemon.RunCliAsync(["image", "prune", "-f"])).EnsureSuccess();
        Assert.Contains("Deleted Images:", prune.Stdout);
        Assert.Contains($"deleted: {oldId}", prune.Stdout); // docker prints prune results in lower case
        Assert.Contains("Total reclaimed space:", prune.Stdout);

        var left = (await _daemon.RunCliAsync(["images", "-q", "--no-trunc"])).EnsureSuccess();
        Assert.Equal(2, left.Lines.Count);
        Assert.Contains(busybox, left.Lines);
        Assert.DoesNotContain(oldId, left.Lines);
    }

    [RootFact]
    public async Task History_lists_the_import_layer()
    {
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
        var history = (await _daemon.RunCliAsync(["history", "busybox"])).EnsureSuccess();
        Assert.Contains("CREATED BY", history.Lines[0]);
        Assert.True(history.Lines.Count >= 2, history.ToString());

        var raw = JsonDocument.Parse(await _daemon.Http.GetStringAsync("/images/busybox/history"));
        Assert.NotEmpty(raw.RootElement.EnumerateArray());
    }

    private async Task<string> ImportAsync(LayerTarBuilder rootfs, string reference, string? change = null)
    {
        using var stdin = new MemoryStream(rootfs.ToArray());
        string[] args = change is null ? ["import", "-", reference] : ["import", "--change", change, "-", reference];
        (await _daemon.RunCliAsync(args, stdin)).EnsureSuccess();
        return await BusyboxRootfs.TryGetImageIdAsync(_daemon, reference)
            ?? throw new InvalidOperationException($"{reference} missing after import");
    }

    internal static Dictionary<string, byte[]> ReadTar(string path)
    {
        var files = new Dictionary<string, byte[]>();
        using var stream = File.OpenRead(path);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null)
            {
                continue;
            }
            using var ms = new MemoryStream();
            entry.DataStream.CopyTo(ms);
            files[entry.Name.TrimStart('.', '/')] = ms.ToArray();
        }
        return files;
    }
}
