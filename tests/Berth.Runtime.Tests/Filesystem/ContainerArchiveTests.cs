using System.Formats.Tar;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>stat and GET archive (docker cp out of a container) on a real overlay mount.</summary>
public sealed class ContainerArchiveTests
{
    [RootFact]
    public async Task Stat_of_a_file_has_Dockers_fields()
    {
        using var c = new OverlayContainer(Fs.Image);
        File.SetLastWriteTimeUtc(c.InMerged("/etc/passwd"), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        File.SetUnixFileMode(c.InMerged("/etc/passwd"), (UnixFileMode)0x1A4);

        PathStat stat = await Fs.Create(c).StatPathAsync("fs-test", "etc/passwd", CancellationToken.None);

        Assert.Equal("passwd", stat.Name);
        Assert.Equal(new FileInfo(c.InMerged("/etc/passwd")).Length, stat.Size);
        Assert.Equal(0x1A4u, stat.Mode); // 0644, no type bits for a regular file
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), stat.Mtime);
        Assert.Equal("", stat.LinkTarget);
        PathStat dir = await Fs.Create(c).StatPathAsync("fs-test", "/etc", CancellationToken.None);
        Assert.Equal(PathStat.ModeDir | 0x1EDu, dir.Mode);
    }

    [RootFact]
    public async Task Stat_does_not_follow_a_final_symlink_and_reports_its_target_inside_the_container()
    {
        using var c = new OverlayContainer(Fs.Image);
        File.CreateSymbolicLink(c.InMerged("/data"), "/etc");
        File.CreateSymbolicLink(c.InMerged("/hop"), "../../../../data");

        var fs = Fs.Create(c);
        PathStat link = await fs.StatPathAsync("fs-test", "/hop", CancellationToken.None);
        Assert.Equal(PathStat.ModeSymlink | 0x1FFu, link.Mode);
        Assert.Equal("/etc", link.LinkTarget);

        PathStat followed = await fs.StatPathAsync("fs-test", "/hop/", CancellationToken.None);
        Assert.True(followed.IsDirectory);
        Assert.Equal("hop", followed.Name);
    }

    [RootFact]
    public async Task Missing_path_and_container_are_not_found_with_Dockers_messages()
    {
        using var c = new OverlayContainer(Fs.Image);
        var fs = Fs.Create(c);

        var missing = await Assert.ThrowsAsync<EngineException>(() => fs.StatPathAsync("fs-test", "/nope/file", CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal("Could not find the file /nope/file in container fs-test", missing.Message);

        var get = await Assert.ThrowsAsync<EngineException>(() => Fs.GetAsync(fs, "/etc/shadow"));
        Assert.Equal("Could not find the file /etc/shadow in container fs-test", get.Message);

        var container = await Assert.ThrowsAsync<EngineException>(() => fs.StatPathAsync("other", "/", CancellationToken.None));
        Assert.Equal("No such container: other", container.Message);
    }

    [RootFact]
    public async Task A_file_is_one_entry_named_by_its_base_name()
    {
        using var c = new OverlayContainer(Fs.Image);
        byte[] tar = await Fs.GetAsync(Fs.Create(c), "/etc/passwd");

        var entries = TarContents.Read(tar);
        var (name, item) = Assert.Single(entries);
        Assert.Equal("passwd", name);
        Assert.Equal(TarEntryType.RegularFile, item.Type);
        Assert.StartsWith("root:x:0:0", item.Text);
    }

    [RootFact]
    public async Task A_directory_comes_with_its_content_and_dir_dot_with_the_content_only()
    {
        using var c = new OverlayContainer(Fs.Image);
        var fs = Fs.Create(c);

        Assert.Equal(["etc/", "etc/group", "etc/passwd"], TarContents.Names(await Fs.GetAsync(fs, "/etc")));
        Assert.Equal(["etc/", "etc/group", "etc/passwd"], TarContents.Names(await Fs.GetAsync(fs, "/etc/")));
        Assert.Equal(["./", "./group", "./passwd"], TarContents.Names(await Fs.GetAsync(fs, "/etc/.")));
    }

    [RootFact]
    public async Task A_symlink_is_archived_as_a_link_unless_the_path_ends_in_a_slash()
    {
        using var c = new OverlayContainer(Fs.Image);
        File.CreateSymbolicLink(c.InMerged("/data"), "/etc");
        var fs = Fs.Create(c);

        var link = Assert.Single(TarContents.Read(await Fs.GetAsync(fs, "/data")));
        Assert.Equal(("data", TarEntryType.SymbolicLink, "/etc"), (link.Name, link.Item.Type, link.Item.LinkName));

        Assert.Equal(["data/", "data/group", "data/passwd"], TarContents.Names(await Fs.GetAsync(fs, "/data/")));
    }

    [RootFact]
    public async Task Symlinks_to_host_paths_resolve_inside_the_container()
    {
        using var c = new OverlayContainer(Fs.Image);
        // Every way a container could point at the host's canary: absolute, relative climbing, via another link.
        File.CreateSymbolicLink(c.InMerged("/abs"), c.HostDir);
        File.CreateSymbolicLink(c.InMerged("/rel"), "../../../../../../../../.." + c.HostDir);
        File.CreateSymbolicLink(c.InMerged("/root-link"), "/");
        File.CreateSymbolicLink(c.InMerged("/data"), "/etc");
        File.CreateSymbolicLink(c.InMerged("/etc/canary"), c.CanaryPath);
        var fs = Fs.Create(c);

        foreach (string path in new[] { "/abs/canary.txt", "/rel/canary.txt", "/root-link" + c.CanaryPath, "/abs/", "/rel/." })
        {
            var e = await Assert.ThrowsAsync<EngineException>(() => Fs.GetAsync(fs, path));
            Assert.Equal(ErrorKind.NotFound, e.Kind);
        }
        // Through /data the container's own /etc is read, never the host's.
        var passwd = Assert.Single(TarContents.Read(await Fs.GetAsync(fs, "/data/passwd")));
        Assert.Contains("app:x:1234", passwd.Item.Text);
        // Archiving a directory holding a link to the host archives the link, not its target.
        var etc = TarContents.Read(await Fs.GetAsync(fs, "/data/"));
        Assert.DoesNotContain(etc, e => e.Item.Text.Contains("HOST SECRET", StringComparison.Ordinal));
        Assert.Contains(etc, e => e.Name == "data/canary" && e.Item.Type == TarEntryType.SymbolicLink);
        PathStat stat = await fs.StatPathAsync("fs-test", "/etc/canary", CancellationToken.None);
        Assert.Equal(c.CanaryPath, stat.LinkTarget); // the path inside the container, which does not exist there
        c.AssertHostUntouched();
    }

    [RootFact]
    public async Task OpenArchive_gives_the_stat_before_the_bytes()
    {
        using var c = new OverlayContainer(Fs.Image);
        await using IContainerArchive archive = await Fs.Create(c).OpenArchiveAsync("fs-test", "/keep", CancellationToken.None);
        Assert.True(archive.Stat.IsDirectory);
        Assert.Equal("keep", archive.Stat.Name);
        var output = new MemoryStream();
        await archive.WriteToAsync(output, CancellationToken.None);
        Assert.Equal(["keep/", "keep/x"], TarContents.Names(output.ToArray()));
    }

    [Fact]
    public void Stat_header_is_base64_json_the_docker_cli_reads()
    {
        var stat = new PathStat("passwd", 1234, PathStat.ModeSymlink | 0x1FF, new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero), "/etc/passwd");
        string header = stat.ToHeaderValue();
        string json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header));
        Assert.Equal("{\"name\":\"passwd\",\"size\":1234,\"mode\":134218239,\"mtime\":\"2024-05-06T07:08:09.5Z\",\"linkTarget\":\"/etc/passwd\"}", json);
        Assert.Equal(stat, PathStat.FromHeaderValue(header));
    }
}
