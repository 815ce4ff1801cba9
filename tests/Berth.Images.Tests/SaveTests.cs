using System.Formats.Tar;
using System.Text.Json.Nodes;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Images.Tests;

public sealed class SaveTests
{
    private static async Task<Dictionary<string, byte[]>> ReadTarAsync(byte[] archive)
    {
        var files = new Dictionary<string, byte[]>();
        await using var reader = new TarReader(new MemoryStream(archive));
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var buffer = new MemoryStream();
                await entry.DataStream!.CopyToAsync(buffer);
                files[entry.Name] = buffer.ToArray();
            }
        }

        return files;
    }

    [Fact]
    public async Task Save_WritesDocker25Layout_AndRoundTripsToSameId()
    {
        var h = new Harness();
        var image = TestImages.Image("busybox");
        await h.LoadAsync(TestImages.Docker2010Archive((image, ["busybox:latest"])));
        var output = new NonSeekableOutput();

        await h.Service.SaveAsync(["busybox"], output, CancellationToken.None);

        var archive = output.Written.ToArray();
        var files = await ReadTarAsync(archive);
        Assert.Equal(image.Config, files[$"blobs/sha256/{image.Hex}"]);
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer, files[$"blobs/sha256/{TestImages.Hex(TestImages.Sha(layer))}"]);
        }

        var manifest = (JsonArray)JsonNode.Parse(files["manifest.json"])!;
        Assert.Equal($"blobs/sha256/{image.Hex}", (string)manifest[0]!["Config"]!);
        Assert.Equal("busybox:latest", (string)manifest[0]!["RepoTags"]![0]!);
        var repositories = JsonNode.Parse(files["repositories"])!;
        Assert.Equal(TestImages.Hex(image.DiffIds[^1]), (string)repositories["busybox"]!["latest"]!);
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", System.Text.Encoding.UTF8.GetString(files["oci-layout"]));

        var index = JsonNode.Parse(files["index.json"])!;
        var descriptor = index["manifests"]![0]!;
        Assert.Equal("docker.io/library/busybox:latest", (string)descriptor["annotations"]!["io.containerd.image.name"]!);
        Assert.Equal("latest", (string)descriptor["annotations"]!["org.opencontainers.image.ref.name"]!);
        var ociManifest = JsonNode.Parse(files["blobs/sha256/" + ((string)descriptor["digest"]!)[7..]])!;
        Assert.Equal(image.Id, (string)ociManifest["config"]!["digest"]!);
        Assert.Equal(image.DiffIds, ((JsonArray)ociManifest["layers"]!).Select(l => (string)l!["digest"]!));

        // Both readers of the same archive agree: docker-save path and pure OCI path.
        var fresh = new Harness();
        var (loaded, progress) = await fresh.LoadAsync(archive);
        Assert.Equal(image.Id, Assert.Single(loaded).Id);
        Assert.Equal(["Loaded image: busybox:latest"], progress);

        var ociOnly = new Harness();
        var withoutDockerFiles = TestImages.Tar(files.Where(f => f.Key is not ("manifest.json" or "repositories")).Select(f => (f.Key, (byte[]?)f.Value)).ToArray());
        var (ociLoaded, _) = await ociOnly.LoadAsync(withoutDockerFiles);
        Assert.Equal(image.Id, Assert.Single(ociLoaded).Id);
        Assert.Equal(["busybox:latest"], ociLoaded[0].RepoTags);
    }

    [Fact]
    public async Task Save_ByIdAndRepository_SelectsTagsLikeDocker()
    {
        var h = new Harness();
        var a = await h.LoadOneAsync(TestImages.Image("a", 1), "app:1", "app:2");
        var b = await h.LoadOneAsync(TestImages.Image("b", 1), "other:x");
        var output = new NonSeekableOutput();

        await h.Service.SaveAsync(["app", b.Id[7..19]], output, CancellationToken.None);

        var manifest = (JsonArray)JsonNode.Parse((await ReadTarAsync(output.Written.ToArray()))["manifest.json"])!;
        Assert.Equal(2, manifest.Count);
        Assert.Equal(["app:1", "app:2"], ((JsonArray)manifest[0]!["RepoTags"]!).Select(t => (string)t!));
        Assert.Null(manifest[1]!["RepoTags"]);
        Assert.Equal($"blobs/sha256/{a.Id[7..]}", (string)manifest[0]!["Config"]!);
    }

    [Fact]
    public async Task Save_UnknownName_FailsBeforeWriting()
    {
        var h = new Harness();
        await h.LoadOneAsync(TestImages.Image("known", 1), "known:1");
        var output = new NonSeekableOutput();

        var ex = await Assert.ThrowsAsync<EngineException>(() => h.Service.SaveAsync(["known:1", "unknown:2"], output, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal("No such image: unknown:2", ex.Message);
        Assert.Equal(0, output.Written.Length);
    }

    [Fact]
    public async Task Save_ImportedGzipImage_WritesUncompressedLayerMatchingDiffId()
    {
        var h = new Harness();
        var rootfs = TestImages.LayerTar(("bin/sh", "#!"), ("etc/hostname", "x"));
        var imported = await h.Service.ImportAsync(new NonSeekableStream(TestImages.Gzip(rootfs)), new ImportOptions("imp", "1", [], null, null), CancellationToken.None);
        var output = new NonSeekableOutput();

        await h.Service.SaveAsync(["imp:1"], output, CancellationToken.None);

        var files = await ReadTarAsync(output.Written.ToArray());
        Assert.Equal(rootfs, files["blobs/sha256/" + TestImages.Hex(imported.DiffIds[0])]);
        var fresh = new Harness();
        Assert.Equal(imported.Id, Assert.Single((await fresh.LoadAsync(output.Written.ToArray())).Images).Id);
    }
}
