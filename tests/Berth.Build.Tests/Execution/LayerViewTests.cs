using System.Text;
using Berth.Build.Execution;
using Berth.Linux.Files;

namespace Berth.Build.Tests.Execution;

/// <summary>Lookups over unpacked layers with overlayfs' rules (needs root for whiteouts and trusted.* xattrs).</summary>
public sealed class LayerViewTests
{
    [Fact]
    public async Task UpperLayersWinAndWhiteoutsAndOpaqueDirectoriesHide()
    {
        using var dir = new TempDir();
        var lower = Layer(dir, "lower");
        var upper = Layer(dir, "upper");
        Write(lower, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        Write(lower, "data/old", "old");
        Write(lower, "data/kept", "kept");
        Write(lower, "opt/hidden", "x");
        Write(upper, "etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(upper, "data"));
        FileNodes.Mknod(Path.Combine(upper, "data", "old"), FileStat.S_IFCHR, 0, 0);
        Directory.CreateDirectory(Path.Combine(upper, "opt"));
        Assert.Equal(0, Xattrs.TrySetNoFollow(Path.Combine(upper, "opt"), "trusted.overlay.opaque", "y"u8));
        var view = new LayerView([upper, lower]);

        Assert.Contains("app:x:1000", await view.ReadTextAsync("/etc/passwd", CancellationToken.None));
        Assert.Equal(LayerNodeKind.Missing, view.Lookup("/data/old").Kind);
        Assert.Equal(LayerNodeKind.Other, view.Lookup("/data/kept").Kind);
        Assert.Equal(LayerNodeKind.Missing, view.Lookup("/opt/hidden").Kind);
        Assert.Equal(LayerNodeKind.Directory, view.Lookup("/opt").Kind);
        Assert.True((await view.StatAsync("/data/", CancellationToken.None))!.IsDirectory);
        Assert.Null(await view.StatAsync("/data/kept/", CancellationToken.None)); // ENOTDIR reads as missing
        Assert.Null(await view.StatAsync("/nowhere", CancellationToken.None));
        Assert.Null(await view.ReadTextAsync("/etc/group", CancellationToken.None));
    }

    [Fact]
    public async Task SymlinksAndFilesOnThePathNeedTheContainer()
    {
        using var dir = new TempDir();
        var layer = Layer(dir, "layer");
        Directory.CreateDirectory(Path.Combine(layer, "real"));
        File.CreateSymbolicLink(Path.Combine(layer, "link"), "real");
        Write(layer, "file", "f");
        var view = new LayerView([layer]);

        Assert.Equal(LayerNodeKind.Symlink, view.Lookup("/link").Kind);
        Assert.False((await view.StatAsync("/link", CancellationToken.None))!.IsDirectory); // not followed
        await Assert.ThrowsAsync<NeedsContainerException>(() => view.StatAsync("/link/", CancellationToken.None));
        Assert.Throws<NeedsContainerException>(() => view.Lookup("/link/x"));
        Assert.Throws<NeedsContainerException>(() => view.Lookup("/file/x"));
    }

    [Fact]
    public void NoLayersIsAnEmptyRoot()
    {
        var view = new LayerView([]);
        Assert.Equal(LayerNodeKind.Directory, view.Lookup("/").Kind);
        Assert.Equal(LayerNodeKind.Missing, view.Lookup("/app").Kind);
    }

    internal static string Layer(TempDir dir, string name)
    {
        var path = Path.Combine(dir.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    internal static void Write(string layer, string relative, string text)
    {
        var path = Path.Combine(layer, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Encoding.UTF8);
    }
}
