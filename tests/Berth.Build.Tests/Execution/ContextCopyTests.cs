using Berth.Build.Context;

namespace Berth.Build.Tests.Execution;

public sealed class ContextCopyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Copies_what_dockerignore_lets_through_and_keeps_symlinks_as_links()
    {
        var tar = ContextTar.Create(("data", null), ("data/input.txt", "in"), ("data/debug.log", "log"), ("data/link", "->../outside"), ("data/sub", null), ("data/sub/deep.txt", "deep"));
        var context = await ReceivedContext.ReceiveAsync(tar, Path.Combine(_dir.Path, "ctx"), CancellationToken.None);
        context.Filter = ContextFilter.FromIgnoreFile("data/*.log\n");
        var copy = Path.Combine(_dir.Path, "copy");

        ContextCopy.Materialize(context, context.Resolve("data")!, copy);

        Assert.Equal(["deep.txt", "input.txt", "link", "sub"],
            Directory.EnumerateFileSystemEntries(copy, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("../outside", new FileInfo(Path.Combine(copy, "link")).LinkTarget);
        Assert.Equal("deep", File.ReadAllText(Path.Combine(copy, "sub", "deep.txt")));

        // Writes to the copy never reach the received context.
        File.WriteAllText(Path.Combine(copy, "input.txt"), "changed");
        Assert.Equal("in", File.ReadAllText(context.Resolve("data/input.txt")!.HostPath));
    }

    [Fact]
    public async Task A_single_file_is_copied_with_its_mode()
    {
        var context = await ReceivedContext.ReceiveAsync(ContextTar.Create(("run.sh", "#!/bin/sh\n")), Path.Combine(_dir.Path, "ctx"), CancellationToken.None);
        var copy = Path.Combine(_dir.Path, "run.sh");
        Directory.CreateDirectory(_dir.Path);

        ContextCopy.Materialize(context, context.Resolve("run.sh")!, copy);

        Assert.Equal("#!/bin/sh\n", File.ReadAllText(copy));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(copy));
    }
}
