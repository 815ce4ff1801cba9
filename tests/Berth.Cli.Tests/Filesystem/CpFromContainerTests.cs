using Xunit;
using System.Formats.Tar;

namespace Berth.Cli.Tests.Filesystem;

/// <summary>docker cp CONTAINER:SRC DEST: docker's rule table, extracted for real into temp dirs.</summary>
public sealed class CpFromContainerTests : IAsyncLifetime
{
    private readonly FakeFilesystemEngine _engine = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-cp-from-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliResult> Cp(params string[] args) => CliRunner.RunAsync(_engine.Host, ["cp", .. args]);

    private string At(string relative) => Path.Combine(_dir, relative);

    [Fact]
    public async Task File_to_a_missing_destination_takes_the_destination_name()
    {
        var r = await Cp("c1:/etc/hostname", At("copy"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("box\n", File.ReadAllText(At("copy")));
        Assert.Equal("", r.Err); // stdout is not a terminal: quiet, as docker
    }

    [Fact]
    public async Task File_into_an_existing_directory_and_over_an_existing_file()
    {
        Directory.CreateDirectory(At("d"));
        Assert.Equal(0, (await Cp("c1:/etc/hostname", At("d"))).ExitCode);
        Assert.Equal("box\n", File.ReadAllText(At("d/hostname")));

        File.WriteAllText(At("existing"), "old content that is longer");
        Assert.Equal(0, (await Cp("c1:/etc/hostname", At("existing"))).ExitCode);
        Assert.Equal("box\n", File.ReadAllText(At("existing")));
    }

    [Fact]
    public async Task Directory_to_missing_destination_into_existing_one_and_its_contents_with_dot()
    {
        Assert.Equal(0, (await Cp("c1:/etc", At("renamed"))).ExitCode);
        Assert.Equal("a", File.ReadAllText(At("renamed/sub/a")));
        Assert.Equal("box\n", File.ReadAllText(At("renamed/hostname")));

        Directory.CreateDirectory(At("into"));
        Assert.Equal(0, (await Cp("c1:/etc", At("into"))).ExitCode);
        Assert.True(File.Exists(At("into/etc/sub/a")));

        Directory.CreateDirectory(At("contents"));
        Assert.Equal(0, (await Cp("c1:/etc/.", At("contents"))).ExitCode);
        Assert.True(File.Exists(At("contents/hostname")));
        Assert.False(Directory.Exists(At("contents/etc")));
    }

    [Fact]
    public async Task Docker_errors_for_impossible_shapes()
    {
        File.WriteAllText(At("file"), "x");
        var dirOverFile = await Cp("c1:/etc", At("file"));
        Assert.Equal(1, dirOverFile.ExitCode);
        Assert.Equal("cannot copy directory\n", dirOverFile.Err);

        var fileToMissingDir = await Cp("c1:/etc/hostname", At("missing") + "/");
        Assert.Equal(1, fileToMissingDir.ExitCode);
        Assert.Equal("no such directory\n", fileToMissingDir.Err);

        var missingParent = await Cp("c1:/etc/hostname", At("no/such/x"));
        Assert.Contains("invalid output path: directory", missingParent.Err);

        var missingSource = await Cp("c1:/nope", At("x"));
        Assert.Equal("Error response from daemon: Could not find the file /nope in container c1\n", missingSource.Err);

        Assert.Equal("copying between containers is not supported\n", (await Cp("c1:/a", "c2:/b")).Err);
        Assert.Equal("must specify at least one container source\n", (await Cp(At("a"), At("b"))).Err);
        Assert.Equal("source can not be empty\n", (await Cp("", "c1:/b")).Err);
    }

    [Fact]
    public async Task Follow_link_copies_the_target_under_the_links_name()
    {
        Directory.CreateDirectory(At("d"));
        Assert.Equal(0, (await Cp("-L", "c1:/link", At("d"))).ExitCode);
        Assert.Equal("box\n", File.ReadAllText(At("d/link")));
        Assert.Null(new FileInfo(At("d/link")).LinkTarget);

        Assert.Equal(0, (await Cp("c1:/link", At("asis"))).ExitCode);
        Assert.Equal("/etc/hostname", new FileInfo(At("asis")).LinkTarget);
    }

    [Fact]
    public async Task Dash_writes_the_daemons_tar_to_stdout()
    {
        var r = await Cp("c1:/etc", "-");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["etc/", "etc/hostname", "etc/sub/", "etc/sub/a"], FakeFilesystemEngine.Names(r.RawOut));
    }

    [Fact]
    public async Task Progress_line_when_asked_for_or_on_a_terminal()
    {
        var r = await CliRunner.RunAsync(_engine.Host, ["cp", "-q=false", "c1:/etc/hostname", At("p")]);
        Assert.Matches(@"^Successfully copied [0-9.]+kB to " + System.Text.RegularExpressions.Regex.Escape(At("p")) + "\n$", r.Err);

        var terminal = await CliRunner.RunAsync(_engine.Host, ["cp", "c1:/etc/hostname", At("t")], stdoutTerminal: true);
        Assert.StartsWith("Successfully copied ", terminal.Err);

        var quiet = await CliRunner.RunAsync(_engine.Host, ["cp", "-q", "c1:/etc/hostname", At("q")], stdoutTerminal: true);
        Assert.Equal("", quiet.Err);
    }
}
