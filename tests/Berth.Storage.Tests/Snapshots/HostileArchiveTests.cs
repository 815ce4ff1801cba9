using System.Formats.Tar;
using Berth.Core.Errors;
using Berth.Oci;
using Berth.Storage.Snapshots;
using Berth.Testing;

namespace Berth.Storage.Tests.Snapshots;

/// <summary>Archives that try to write outside the layer: each must fail with InvalidArgument,
/// name the offending entry, and leave neither a snapshot nor a file outside the root.</summary>
public sealed class HostileArchiveTests : IDisposable
{
    private static readonly string Chain = Digest.Compute("hostile"u8).ToString();
    private readonly TempDirectory _temp = new();
    private readonly string _marker = "berth-hostile-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        _temp.Dispose();
        // Belt and braces: if a test ever failed open, do not leave the marker in /etc or /tmp.
        File.Delete(Path.Combine("/etc", _marker));
        File.Delete(Path.Combine("/tmp", _marker));
    }

    public static TheoryData<string> Cases() =>
    [
        "dotdot",
        "nested-dotdot",
        "absolute-dotdot",
        "symlink-parent-absolute",
        "symlink-parent-relative",
        "symlink-then-file-in-dir",
        "hardlink-outside",
        "hardlink-absolute-outside",
        "hardlink-through-symlink",
        "hardlink-missing-target",
        "block-device",
        "char-device",
        "whiteout-dotdot",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileArchiveIsRejectedAndLeavesNothing(string name)
    {
        var (tar, offending) = Build(name);
        var snapshots = _temp.Combine("data", "snapshots");
        var snapshotter = new OverlaySnapshotter(snapshots);

        var error = await Assert.ThrowsAsync<EngineException>(() => snapshotter.ApplyLayerAsync(Chain, null, new MemoryStream(tar), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(offending, error.Message);
        Assert.False(snapshotter.Exists(Chain));
        Assert.Empty(Directory.EnumerateFileSystemEntries(snapshots));
        Assert.Equal([_temp.Combine("data")], Directory.EnumerateFileSystemEntries(_temp.Path));
        Assert.Equal([snapshots], Directory.EnumerateFileSystemEntries(_temp.Combine("data")));
        Assert.False(File.Exists(Path.Combine("/etc", _marker)));
        Assert.False(File.Exists(Path.Combine("/tmp", _marker)));
    }

    private (byte[] Tar, string Offending) Build(string name)
    {
        var escape = "../../../" + _marker;
        var tar = new TarBuilder();
        string offending;
        switch (name)
        {
            case "dotdot":
                offending = escape;
                tar.File(escape, "x");
                break;
            case "nested-dotdot":
                offending = "a/b/../../../../" + _marker;
                tar.File(offending, "x");
                break;
            case "absolute-dotdot":
                offending = "/../" + _marker;
                tar.File(offending, "x");
                break;
            case "symlink-parent-absolute":
                offending = "a/" + _marker;
                tar.Symlink("a", "/etc").File(offending, "x");
                break;
            case "symlink-parent-relative":
                offending = "a/" + _marker;
                tar.Symlink("a", "../../../../../../../../tmp").File(offending, "x");
                break;
            case "symlink-then-file-in-dir":
                offending = "d/a/sub/" + _marker;
                tar.Directory("d/").Symlink("d/a", "/tmp").File(offending, "x");
                break;
            case "hardlink-outside":
                offending = "passwd";
                tar.HardLink(offending, "../../../../../../etc/passwd");
                break;
            case "hardlink-absolute-outside":
                offending = "passwd";
                tar.HardLink(offending, "/etc/passwd");
                break;
            case "hardlink-through-symlink":
                offending = "passwd";
                tar.Symlink("etc", "/etc").HardLink(offending, "etc/passwd");
                break;
            case "hardlink-missing-target":
                offending = "link";
                tar.HardLink(offending, "nothing-here");
                break;
            case "block-device":
                offending = "sda";
                tar.Device(offending, TarEntryType.BlockDevice, 8, 0);
                break;
            case "char-device":
                offending = "mem";
                tar.Device(offending, TarEntryType.CharacterDevice, 1, 1);
                break;
            case "whiteout-dotdot":
                offending = "../.wh." + _marker;
                tar.File(offending, string.Empty);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }

        return (tar.Build(), offending);
    }
}
