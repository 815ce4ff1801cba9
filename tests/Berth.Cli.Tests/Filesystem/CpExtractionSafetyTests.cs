using Xunit;
using System.Formats.Tar;
using System.Text;

namespace Berth.Cli.Tests.Filesystem;

/// <summary>A hostile daemon's tar must not write outside DEST, whatever its names and links say.</summary>
public sealed class CpExtractionSafetyTests : IAsyncLifetime
{
    private readonly FakeFilesystemEngine _engine = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-cp-safe-").FullName;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Dest);
        Directory.CreateDirectory(Outside);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Dest => Path.Combine(_dir, "dest");

    private string Outside => Path.Combine(_dir, "outside");

    private static byte[] Tar(params TarEntry[] entries)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var e in entries)
            {
                writer.WriteEntry(e);
            }
        }

        return buffer.ToArray();
    }

    private static PaxTarEntry File(string name, string content = "pwned") =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    private async Task<CliResult> CopyHostileAsync(byte[] tar)
    {
        _engine.ArchiveOverride = tar;
        return await CliRunner.RunAsync(_engine.Host, ["cp", "c1:/etc", Dest]);
    }

    private void AssertNothingOutside()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
        Assert.Equal(["dest", "outside"], Directory.EnumerateFileSystemEntries(_dir).Select(p => Path.GetFileName(p)!).Order().ToArray());
    }

    [Fact]
    public async Task Dot_dot_names_are_refused()
    {
        var r = await CopyHostileAsync(Tar(File("etc/../../outside/evil")));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("is outside of", r.Err);
        AssertNothingOutside();
    }

    [Fact]
    public async Task Writing_through_a_planted_symlink_is_refused()
    {
        var r = await CopyHostileAsync(Tar(Link(TarEntryType.SymbolicLink, "etc/out", Outside), File("etc/out/evil")));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("symlinks are not followed", r.Err);
        AssertNothingOutside();
    }

    [Fact]
    public async Task A_planted_symlink_is_not_followed_when_a_file_replaces_it()
    {
        var target = Path.Combine(Outside, "victim");
        var r = await CopyHostileAsync(Tar(Link(TarEntryType.SymbolicLink, "etc/x", "/" + target.TrimStart('/')), File("etc/x")));
        Assert.Equal(0, r.ExitCode);
        Assert.False(System.IO.File.Exists(target));
        Assert.Equal("pwned", System.IO.File.ReadAllText(Path.Combine(Dest, "etc/x")));
        AssertNothingOutside();
    }

    [Fact]
    public async Task Relative_symlinks_and_hardlinks_leaving_dest_are_refused_as_docker_does()
    {
        var symlink = await CopyHostileAsync(Tar(Link(TarEntryType.SymbolicLink, "etc/s", "../../outside")));
        Assert.Equal(1, symlink.ExitCode);
        Assert.Contains("invalid symlink", symlink.Err);

        System.IO.File.WriteAllText(Path.Combine(Outside, "secret"), "s");
        var hardlink = await CopyHostileAsync(Tar(Link(TarEntryType.HardLink, "etc/h", "../outside/secret")));
        Assert.Equal(1, hardlink.ExitCode);
        Assert.Contains("invalid hardlink", hardlink.Err);
        Assert.Equal(["secret"], Directory.EnumerateFileSystemEntries(Outside).Select(p => Path.GetFileName(p)!).ToArray());
    }

    [Fact]
    public async Task Hardlinks_inside_dest_are_created()
    {
        var r = await CopyHostileAsync(Tar(new PaxTarEntry(TarEntryType.Directory, "etc/"), File("etc/a", "same"), Link(TarEntryType.HardLink, "etc/b", "etc/a")));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("same", System.IO.File.ReadAllText(Path.Combine(Dest, "etc/b")));
    }
}
