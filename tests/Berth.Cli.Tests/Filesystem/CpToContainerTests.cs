using Xunit;
using System.Formats.Tar;

namespace Berth.Cli.Tests.Filesystem;

/// <summary>docker cp SRC CONTAINER:DEST: the PUT's path and the tar's names follow docker's rules.</summary>
public sealed class CpToContainerTests : IAsyncLifetime
{
    private readonly FakeFilesystemEngine _engine = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-cp-to-").FullName;

    public Task InitializeAsync()
    {
        File.WriteAllText(At("file.txt"), "hello");
        Directory.CreateDirectory(At("tree/inner"));
        File.WriteAllText(At("tree/inner/f"), "f");
        File.CreateSymbolicLink(At("tree/ln"), "inner/f");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string At(string relative) => Path.Combine(_dir, relative);

    private async Task<(string Path, List<string> Names, Dictionary<string, List<string>> Query)> PutAsync(params string[] args)
    {
        var r = await CliRunner.RunAsync(_engine.Host, ["cp", .. args]);
        Assert.True(r.ExitCode == 0, r.Err);
        var put = _engine.Last("PUT", "/archive");
        return (put.Query["path"][0], FakeFilesystemEngine.Names(put.Body), put.Query);
    }

    [Theory]
    [InlineData("file.txt", "c1:/etc", "/etc", "file.txt")]
    [InlineData("file.txt", "c1:/etc/", "/etc/", "file.txt")]
    [InlineData("file.txt", "c1:/etc/renamed", "/etc", "renamed")]
    [InlineData("file.txt", "c1:/etc/hostname", "/etc", "hostname")]
    [InlineData("file.txt", "c1:/dirlink", "/etc", "file.txt")]
    public async Task A_file(string source, string destination, string expectedPath, string expectedName)
    {
        var (path, names, query) = await PutAsync(At(source), destination);
        Assert.Equal(expectedPath, path);
        Assert.Equal([expectedName], names);
        Assert.Equal("true", query["noOverwriteDirNonDir"][0]);
        Assert.False(query.ContainsKey("copyUIDGID"));
    }

    [Fact]
    public async Task A_directory_into_an_existing_dir_to_a_new_name_and_its_contents()
    {
        var into = await PutAsync(At("tree"), "c1:/etc");
        Assert.Equal("/etc", into.Path);
        Assert.Equal(["tree", "tree/inner", "tree/inner/f", "tree/ln"], into.Names.Select(n => n.TrimEnd('/')));

        var renamed = await PutAsync(At("tree"), "c1:/newdir");
        Assert.Equal("/", renamed.Path);
        Assert.Equal(["newdir", "newdir/inner", "newdir/inner/f", "newdir/ln"], renamed.Names.Select(n => n.TrimEnd('/')));

        var contents = await PutAsync(At("tree") + "/.", "c1:/etc");
        Assert.Equal(["./inner", "./inner/f", "./ln"], contents.Names.Select(n => n.TrimEnd('/')).Where(n => n != "."));
    }

    [Fact]
    public async Task Symlinks_are_sent_as_links_unless_L()
    {
        var asLink = await PutAsync(At("tree/ln"), "c1:/etc");
        Assert.Equal(["ln"], asLink.Names);
        Assert.Equal(TarEntryType.SymbolicLink, FirstEntryType(_engine.Last("PUT", "/archive").Body));

        var followed = await PutAsync("-L", At("tree/ln"), "c1:/etc");
        Assert.Equal(["ln"], followed.Names);
        Assert.Equal(TarEntryType.RegularFile, FirstEntryType(_engine.Last("PUT", "/archive").Body));
    }

    [Fact]
    public async Task Archive_flag_and_stdin_tar()
    {
        var archive = await PutAsync("-a", At("file.txt"), "c1:/etc");
        Assert.Equal("true", archive.Query["copyUIDGID"][0]);

        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "from-stdin") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        var stdinText = System.Text.Encoding.Latin1.GetString(tar.ToArray());
        var r = await CliRunner.RunAsync(_engine.Host, ["cp", "-", "c1:/etc"], stdin: stdinText);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("/etc", _engine.Last("PUT", "/archive").Query["path"][0]);
    }

    [Fact]
    public async Task Docker_errors()
    {
        var notDir = await CliRunner.RunAsync(_engine.Host, ["cp", "-", "c1:/etc/hostname"]);
        Assert.Equal("destination \"c1:/etc/hostname\" must be a directory\n", notDir.Err);

        var device = await CliRunner.RunAsync(_engine.Host, ["cp", At("file.txt"), "c1:/dev/null"]);
        Assert.Equal("destination \"c1:/dev/null\" must be a directory or a regular file: got a device\n", device.Err);

        var missing = await CliRunner.RunAsync(_engine.Host, ["cp", At("nope"), "c1:/etc"]);
        Assert.Equal($"lstat {At("nope")}: no such file or directory\n", missing.Err);

        var dirOverFile = await CliRunner.RunAsync(_engine.Host, ["cp", At("tree"), "c1:/etc/hostname"]);
        Assert.Equal("cannot copy directory\n", dirOverFile.Err);

        var progress = await CliRunner.RunAsync(_engine.Host, ["cp", At("file.txt"), "c1:/etc"], stdoutTerminal: true);
        Assert.Matches(@"^Successfully copied [0-9.]+kB to c1:/etc\n$", progress.Err);
    }

    private static TarEntryType FirstEntryType(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        return reader.GetNextEntry()!.EntryType;
    }
}
