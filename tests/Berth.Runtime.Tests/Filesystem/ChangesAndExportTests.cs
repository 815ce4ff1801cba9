using Berth.Core.Containers;
using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>docker diff and docker export on a real overlay mount.</summary>
public sealed class ChangesAndExportTests
{
    private static void ChangeThings(OverlayContainer c)
    {
        File.AppendAllText(c.InMerged("/etc/passwd"), "new:x:1:1::/:/bin/sh\n");
        File.Delete(c.InMerged("/etc/group"));
        Directory.CreateDirectory(c.InMerged("/new"));
        File.WriteAllText(c.InMerged("/new/file"), "n");
        Directory.Delete(c.InMerged("/opq"), recursive: true);
        Directory.CreateDirectory(c.InMerged("/opq"));
        File.WriteAllText(c.InMerged("/opq/b"), "b");
        // What runc leaves in the upper dir when it makes mount points; Docker has them in its init layer.
        Directory.CreateDirectory(c.InMerged("/proc"));
        File.WriteAllText(c.InMerged("/etc/hosts"), "");
    }

    [RootFact]
    public async Task Changes_follow_Dockers_kinds_order_and_parent_rule()
    {
        using var c = new OverlayContainer(Fs.Image);
        ChangeThings(c);
        // A file added to a directory whose own metadata ends up unchanged: the parent is still reported.
        DateTime keepTime = Directory.GetLastWriteTimeUtc(Path.Combine(c.Lower, "keep"));
        File.WriteAllText(c.InMerged("/keep/y"), "y");
        Directory.SetLastWriteTimeUtc(c.InMerged("/keep"), keepTime);

        var changes = await Fs.Create(c).ChangesAsync("fs-test", CancellationToken.None);

        FilesystemChange M(string p) => new(p, FilesystemChangeKind.Modified);
        FilesystemChange A(string p) => new(p, FilesystemChangeKind.Added);
        FilesystemChange D(string p) => new(p, FilesystemChangeKind.Deleted);
        Assert.Equal(
            [M("/etc"), D("/etc/group"), M("/etc/passwd"), M("/keep"), A("/keep/y"), A("/new"), A("/new/file"), D("/opq"), A("/opq/b")],
            changes);
    }

    [RootFact]
    public async Task Mount_points_made_by_the_runtime_are_no_change()
    {
        using var c = new OverlayContainer(Fs.Image);
        File.WriteAllText(c.InMerged("/etc/hostname"), "");
        File.WriteAllText(c.InMerged("/etc/resolv.conf"), "");
        Directory.CreateDirectory(c.InMerged("/dev/pts"));
        Directory.CreateDirectory(c.InMerged("/sys"));

        Assert.Empty(await Fs.Create(c).ChangesAsync("fs-test", CancellationToken.None));

        File.WriteAllText(c.InMerged("/etc/hostname"), "real content counts");
        Assert.Equal([new("/etc", FilesystemChangeKind.Modified), new("/etc/hostname", FilesystemChangeKind.Added)],
            await Fs.Create(c).ChangesAsync("fs-test", CancellationToken.None));
    }

    [RootFact]
    public async Task Export_is_the_merged_view()
    {
        using var c = new OverlayContainer(Fs.Image);
        ChangeThings(c);
        File.CreateSymbolicLink(c.InMerged("/escape"), c.HostDir);
        var output = new MemoryStream();

        await Fs.Create(c).ExportAsync("fs-test", output, CancellationToken.None);

        var entries = TarContents.Read(output.ToArray()).ToDictionary(e => e.Name, e => e.Item);
        Assert.Contains("new:x:1:1", entries["etc/passwd"].Text);
        Assert.Equal("n", entries["new/file"].Text);
        Assert.Equal("#!fake shell", entries["bin/sh"].Text);
        Assert.Equal("b", entries["opq/b"].Text);
        Assert.False(entries.ContainsKey("etc/group"));
        Assert.False(entries.ContainsKey("opq/a"));
        Assert.Equal(c.HostDir, entries["escape"].LinkName);
        Assert.DoesNotContain(entries.Values, e => e.Text.Contains("HOST SECRET", StringComparison.Ordinal));
        Assert.All(entries.Keys, name => Assert.False(name.StartsWith("./", StringComparison.Ordinal) || name.StartsWith('/'), name));
        Assert.Contains("etc/", entries.Keys);
    }
}
