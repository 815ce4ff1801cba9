using Berth.Core.Containers;
using Berth.Core.Errors;
using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>PUT archive (docker cp into a container) on a real overlay mount, hostile inputs included.</summary>
public sealed class PutArchiveTests
{
    private static Task PutAsync(OverlayContainer c, string path, TarBuilder tar, bool noOverwriteDirNonDir = false, bool copyUidGid = false) =>
        Fs.Create(c).PutArchiveAsync("fs-test", path, tar.Build(), noOverwriteDirNonDir, copyUidGid, CancellationToken.None);

    [RootFact]
    public async Task Files_and_directories_land_in_the_destination_with_their_metadata()
    {
        using var c = new OverlayContainer(Fs.Image);
        await PutAsync(c, "/keep", new TarBuilder().File("hello.txt", "hi", mode: 0x1E4 /* 0744 */, uid: 1234, gid: 2345).Dir("sub", 0x1C0).File("sub/deep", "d"));

        string hello = c.InMerged("/keep/hello.txt");
        Assert.Equal("hi", File.ReadAllText(hello));
        Assert.Equal((UnixFileMode)0x1E4, File.GetUnixFileMode(hello));
        Assert.Equal(new DateTime(2021, 2, 3, 4, 5, 6, DateTimeKind.Utc), File.GetLastWriteTimeUtc(hello));
        Assert.Equal((1234u, 2345u), Fs.Owner(hello));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(c.InMerged("/keep/sub")));
        Assert.Equal(new DateTime(2021, 2, 3, 4, 5, 6, DateTimeKind.Utc), Directory.GetLastWriteTimeUtc(c.InMerged("/keep/sub")));
        Assert.Equal("d", File.ReadAllText(c.InMerged("/keep/sub/deep")));
        Assert.Equal("x", File.ReadAllText(c.InMerged("/keep/x")));

        // And back out: what went in comes out.
        var back = TarContents.Read(await Fs.GetAsync(Fs.Create(c), "/keep/hello.txt"));
        Assert.Equal(("hello.txt", "hi", 1234, 2345), (back[0].Name, back[0].Item.Text, back[0].Item.Uid, back[0].Item.Gid));
    }

    [RootFact]
    public async Task Existing_files_are_replaced_and_directories_merged()
    {
        using var c = new OverlayContainer(Fs.Image);
        await PutAsync(c, "/", new TarBuilder().Dir("etc").File("etc/passwd", "replaced").File("keep", "file now"));

        Assert.Equal("replaced", File.ReadAllText(c.InMerged("/etc/passwd")));
        Assert.True(File.Exists(c.InMerged("/etc/group")));
        Assert.Equal("file now", File.ReadAllText(c.InMerged("/keep")));
    }

    [RootFact]
    public async Task NoOverwriteDirNonDir_refuses_to_swap_a_directory_and_a_file()
    {
        using var c = new OverlayContainer(Fs.Image);
        var dirByFile = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, "/", new TarBuilder().File("keep", "x"), noOverwriteDirNonDir: true));
        Assert.Contains("cannot overwrite directory", dirByFile.Message);
        var fileByDir = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, "/etc", new TarBuilder().Dir("passwd"), noOverwriteDirNonDir: true));
        Assert.Contains("cannot overwrite non-directory", fileByDir.Message);
        Assert.True(Directory.Exists(c.InMerged("/keep")));
        Assert.True(File.Exists(c.InMerged("/etc/passwd")));
    }

    [RootFact]
    public async Task Destination_must_exist_and_be_a_directory()
    {
        using var c = new OverlayContainer(Fs.Image);
        var missing = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, "/nope", new TarBuilder().File("a", "a")));
        Assert.Equal((ErrorKind.NotFound, "Could not find the file /nope in container fs-test"), (missing.Kind, missing.Message));
        var file = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, "/etc/passwd", new TarBuilder().File("a", "a")));
        Assert.Equal((ErrorKind.InvalidArgument, "extraction point is not a directory"), (file.Kind, file.Message));
    }

    [RootFact]
    public async Task A_destination_symlink_is_followed_inside_the_container()
    {
        using var c = new OverlayContainer(Fs.Image);
        File.CreateSymbolicLink(c.InMerged("/data"), "/etc");
        File.CreateSymbolicLink(c.InMerged("/top"), "/");
        File.CreateSymbolicLink(c.InMerged("/hostlink"), c.HostDir);
        File.CreateSymbolicLink(c.InMerged("/climb"), "../../../../../../.." + c.HostDir);

        await PutAsync(c, "/data", new TarBuilder().File("via-data", "1"));
        await PutAsync(c, "/top/", new TarBuilder().File("via-top", "2"));
        Assert.Equal("1", File.ReadAllText(c.InMerged("/etc/via-data")));
        Assert.Equal("2", File.ReadAllText(c.InMerged("/via-top")));
        Assert.False(File.Exists("/via-top"));

        foreach (string dest in new[] { "/hostlink", "/climb/", "/top" + c.HostDir })
        {
            var e = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, dest, new TarBuilder().File("canary.txt", "pwned").File("new.txt", "pwned")));
            Assert.Equal(ErrorKind.NotFound, e.Kind);
        }
        c.AssertHostUntouched();
    }

    [RootFact]
    public async Task Hostile_archives_are_refused_and_touch_nothing_outside()
    {
        using var c = new OverlayContainer(Fs.Image);
        string relativeHost = "../../../../../../../../.." + c.HostDir;
        var hostile = new (string Why, TarBuilder Tar)[]
        {
            ("dot-dot", new TarBuilder().File("../../../../../../../.." + c.CanaryPath, "pwned")),
            ("dot-dot inside", new TarBuilder().File("a/../../b", "pwned")),
            ("symlink climbing out", new TarBuilder().Symlink("out", relativeHost)),
            ("hardlink climbing out", new TarBuilder().Hardlink("hl", "../../../../../../../.." + c.CanaryPath)),
        };
        foreach (var (why, tar) in hostile)
        {
            var e = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, "/keep", tar));
            Assert.True(e.Kind == ErrorKind.InvalidArgument, why + ": " + e.Message);
        }
        c.AssertHostUntouched();
    }

    [RootFact]
    public async Task Absolute_names_and_links_made_by_the_archive_stay_inside_the_container()
    {
        using var c = new OverlayContainer(Fs.Image);
        // An absolute name lands under the destination, as Docker's untar does.
        await PutAsync(c, "/keep", new TarBuilder().File(c.CanaryPath, "mine"));
        Assert.Equal("mine", File.ReadAllText(c.InMerged("/keep" + c.CanaryPath)));

        // An absolute symlink to the host's dir, then a file written "through" it: the link is
        // resolved in the container, where that directory does not exist.
        var through = new TarBuilder().Symlink("evil", c.HostDir).File("evil/canary.txt", "pwned");
        await Assert.ThrowsAnyAsync<Exception>(() => PutAsync(c, "/", through));

        // An absolute hard-link target is taken under the destination too (and is not there).
        await Assert.ThrowsAnyAsync<Exception>(() => PutAsync(c, "/", new TarBuilder().Hardlink("hl", c.CanaryPath)));

        // A link made by the archive to the container's /etc is followed inside the container.
        await PutAsync(c, "/", new TarBuilder().Symlink("cfg", "/etc").File("cfg/added", "inside"));
        Assert.Equal("inside", File.ReadAllText(c.InMerged("/etc/added")));
        c.AssertHostUntouched();
        Assert.False(File.Exists(Path.Combine(c.HostDir, "added")));
    }

    [RootFact]
    public async Task Copy_uid_gid_uses_the_containers_user_and_read_only_rootfs_is_refused()
    {
        using var c = new OverlayContainer(Fs.Image, new ContainerSpec { Image = "test", User = "app" });
        await PutAsync(c, "/keep", new TarBuilder().File("owned", "o", uid: 7, gid: 8), copyUidGid: true);
        Assert.Equal((1234u, 2345u), Fs.Owner(c.InMerged("/keep/owned")));

        c.Info = c.Info with { Config = c.Info.Config with { ReadonlyRootfs = true } };
        var e = await Assert.ThrowsAsync<EngineException>(() => PutAsync(c, "/keep", new TarBuilder().File("x2", "x")));
        Assert.Equal("container rootfs is marked read-only", e.Message);
    }
}
