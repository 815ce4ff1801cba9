using Xunit;
namespace Berth.Cli.Tests.Filesystem;

public sealed class DiffExportCommitTests : IAsyncLifetime
{
    private readonly FakeFilesystemEngine _engine = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-export-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Diff_prints_kind_letters()
    {
        var r = await CliRunner.RunAsync(_engine.Host, ["diff", "c1"]);
        Assert.Equal("C /etc\nA /etc/new\nD /tmp/old\n", r.Out);
        var missing = await CliRunner.RunAsync(_engine.Host, ["container", "diff", "zz"]);
        Assert.Equal("Error response from daemon: No such container: zz\n", missing.Err);
    }

    [Fact]
    public async Task Export_refuses_a_terminal_and_writes_stdout_or_file()
    {
        var terminal = await CliRunner.RunAsync(_engine.Host, ["export", "c1"], stdoutTerminal: true);
        Assert.Equal(1, terminal.ExitCode);
        Assert.Equal("cowardly refusing to save to a terminal. Use the -o flag or redirect\n", terminal.Err);

        var piped = await CliRunner.RunAsync(_engine.Host, ["export", "c1"]);
        Assert.Equal("EXPORTED-TAR", System.Text.Encoding.ASCII.GetString(piped.RawOut));

        var file = Path.Combine(_dir, "out.tar");
        var toFile = await CliRunner.RunAsync(_engine.Host, ["export", "-o", file, "c1"], stdoutTerminal: true);
        Assert.Equal(0, toFile.ExitCode);
        Assert.Equal("EXPORTED-TAR", File.ReadAllText(file));
        Assert.Equal(["out.tar"], Directory.EnumerateFiles(_dir).Select(p => Path.GetFileName(p)!));
    }

    [Fact]
    public async Task Commit_sends_docker_query_and_prints_the_id()
    {
        var r = await CliRunner.RunAsync(_engine.Host, ["commit", "-a", "me", "-m", "msg", "-c", "ENV A=1", "-c", "CMD [\"sh\"]", "c1", "snap:1"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("sha256:" + new string('e', 64) + "\n", r.Out);
        var query = _engine.Last("POST", "/commit").Query;
        Assert.Equal("c1", query["container"][0]);
        Assert.Equal(("snap", "1", "me", "msg"), (query["repo"][0], query["tag"][0], query["author"][0], query["comment"][0]));
        Assert.Equal(["ENV A=1", "CMD [\"sh\"]"], query["changes"]);
        Assert.False(query.ContainsKey("pause"));

        await CliRunner.RunAsync(_engine.Host, ["commit", "-p=false", "c1", "localhost:5000/x"]);
        query = _engine.Last("POST", "/commit").Query;
        Assert.Equal(("localhost:5000/x", "latest", "0"), (query["repo"][0], query["tag"][0], query["pause"][0]));

        await CliRunner.RunAsync(_engine.Host, ["commit", "c1"]);
        Assert.False(_engine.Last("POST", "/commit").Query.ContainsKey("repo"));
    }
}
