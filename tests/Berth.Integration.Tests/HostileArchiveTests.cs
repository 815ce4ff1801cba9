using System.Formats.Tar;
using System.Security.Cryptography;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// Archives built to escape the extraction directory. Each must be refused with a clear error and a
/// non-zero exit, write nothing outside, and leave no image behind. The one exception is a plain
/// absolute entry name, which Docker (and Berth) contain by extracting it relative to the layer root:
/// that one may succeed, but must land inside. Canaries live in the daemon's
/// temp root (which contains the data root), so a successful escape would land there.
/// </summary>
public sealed class HostileArchiveTests : IAsyncLifetime
{
    private const string DotDots = "../../../../../../../../../../../../../../../../";
    private readonly DaemonFixture _daemon = new();
    private byte[] _shadowHash = [];

    public static TheoryData<string> Cases => new() { "dotdot", "absolute", "symlink-absolute", "symlink-relative", "hardlink-absolute", "hardlink-relative" };

    public async Task InitializeAsync()
    {
        _shadowHash = SHA256.HashData(await File.ReadAllBytesAsync("/etc/shadow"));
        Directory.CreateDirectory(Outside);
        await _daemon.StartAsync();
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Outside => Path.Combine(_daemon.Root, "outside");

    private string FromRoot(string path) => DotDots + path.TrimStart('/');

    private LayerTarBuilder HostileLayer(string kind)
    {
        var tar = new LayerTarBuilder().Directory("etc").File("etc/harmless", "ok");
        return kind switch
        {
            "dotdot" => tar.File(FromRoot(Path.Combine(Outside, "canary-dotdot")), "escaped"),
            "absolute" => tar.File(Path.Combine(Outside, "canary-absolute"), "escaped"),
            "symlink-absolute" => tar.Symlink("escape", Outside).File("escape/canary-symlink", "escaped"),
            "symlink-relative" => tar.Symlink("escape", FromRoot(Outside)).File("escape/canary-symlink", "escaped"),
            "hardlink-absolute" => tar.Hardlink("shadow", "/etc/shadow"),
            "hardlink-relative" => tar.Hardlink("shadow", FromRoot("/etc/shadow")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [RootTheory]
    [MemberData(nameof(Cases))]
    public async Task Load_refuses_a_hostile_layer(string kind)
    {
        var writer = new DockerArchiveWriter();
        writer.AddImage([HostileLayer(kind).ToArray()], "hostile:" + kind);
        string archive = Path.Combine(_daemon.Root, "hostile.tar");
        writer.WriteTo(archive);

        var result = await _daemon.RunCliAsync(["load", "-i", archive]);

        await AssertRefusedOrContainedAsync(kind, result);
    }

    [RootTheory]
    [MemberData(nameof(Cases))]
    public async Task Import_refuses_a_hostile_rootfs(string kind)
    {
        using var stdin = new MemoryStream(HostileLayer(kind).ToArray());
        var result = await _daemon.RunCliAsync(["import", "-", "hostile:" + kind], stdin);

        await AssertRefusedOrContainedAsync(kind, result);
    }

    [RootFact]
    public async Task Load_refuses_an_archive_whose_manifest_points_outside()
    {
        var writer = new DockerArchiveWriter();
        writer.AddImage([new LayerTarBuilder().File("a", "1").ToArray()], "ok:1");
        writer.AddRawEntry(new PaxTarEntry(TarEntryType.RegularFile, FromRoot(Path.Combine(Outside, "canary-outer")))
        {
            DataStream = new MemoryStream("escaped"u8.ToArray()),
        });
        string archive = Path.Combine(_daemon.Root, "outer.tar");
        writer.WriteTo(archive);

        var result = await _daemon.RunCliAsync(["load", "-i", archive]);

        // Docker refuses the whole archive; at the very least nothing may land outside.
        Assert.False(File.Exists(Path.Combine(Outside, "canary-outer")), "an outer archive entry escaped");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error", result.Stderr);
    }

    private async Task AssertRefusedOrContainedAsync(string kind, CliResult result)
    {
        if (kind == "absolute" && result.ExitCode == 0)
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
            var contained = Directory.EnumerateFiles(_daemon.DataRoot, "canary-absolute", SearchOption.AllDirectories).ToList();
            Assert.True(contained.Count > 0, "the absolute entry was neither refused nor extracted inside the layer");
            return;
        }

        await AssertRefusedAsync(result);
    }

    private async Task AssertRefusedAsync(CliResult result)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error", result.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
        Assert.Equal(_shadowHash, SHA256.HashData(await File.ReadAllBytesAsync("/etc/shadow")));

        var sameAsShadow = (await ProcessRunner.RunAsync(
            new BinaryCommand("find", []), [_daemon.Root, "-samefile", "/etc/shadow"])).EnsureSuccess();
        Assert.True(sameAsShadow.Stdout.Trim().Length == 0, $"hard links to /etc/shadow: {sameAsShadow.Stdout}");

        Assert.Empty((await _daemon.RunCliAsync(["images", "-a", "-q"])).EnsureSuccess().Lines);
    }
}
