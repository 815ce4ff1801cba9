using Berth.Build.Context;
using Berth.Core.Errors;

namespace Berth.Build.Tests.Execution;

public sealed class CopySourcesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ReceivedContext> ReceiveAsync(params (string Name, string? Content)[] entries) =>
        ReceivedContext.ReceiveAsync(ContextTar.Create(entries), _dir.Path, CancellationToken.None);

    [Fact]
    public async Task Globs_match_within_one_segment_and_skip_ignored_files()
    {
        var context = await ReceiveAsync(("a.txt", "a"), ("b.txt", "b"), ("c.md", "c"), ("sub/d.txt", "d"), ("secret.txt", "s"));
        context.Filter = ContextFilter.FromIgnoreFile("secret.txt\n");
        var matches = CopySources.Match(context, ["*.txt"], "COPY");
        Assert.Equal(["a.txt", "b.txt"], matches.Select(m => m.Path));
    }

    [Fact]
    public async Task Ignored_and_missing_sources_fail_like_the_legacy_builder()
    {
        var context = await ReceiveAsync(("app/main.go", "package main"), ("app/build.log", "x"));
        context.Filter = ContextFilter.FromIgnoreFile("app/*.log\n");
        var ignored = Assert.Throws<EngineException>(() => CopySources.Match(context, ["app/build.log"], "COPY"));
        Assert.Equal("COPY failed: file not found in build context or excluded by .dockerignore: stat app/build.log: file does not exist", ignored.Message);
        Assert.Throws<EngineException>(() => CopySources.Match(context, ["nope"], "COPY"));
        var outside = Assert.Throws<EngineException>(() => CopySources.Match(context, ["../etc/passwd"], "COPY"));
        Assert.Contains("forbidden path outside the build context", outside.Message, StringComparison.Ordinal);
        Assert.Contains("no source files were specified", Assert.Throws<EngineException>(() => CopySources.Match(context, ["*.rs"], "COPY")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exceptions_in_dockerignore_bring_files_back()
    {
        var context = await ReceiveAsync(("docs/a.md", "a"), ("docs/keep.md", "k"));
        context.Filter = ContextFilter.FromIgnoreFile("docs\n!docs/keep.md\n");
        var dir = CopySources.Match(context, ["docs"], "COPY").Single();
        Assert.Equal(["keep.md"], CopySources.Walk(context, dir.Entry).Select(w => w.Relative));
    }

    [Fact]
    public async Task Symlinks_resolve_inside_the_context_only()
    {
        var context = await ReceiveAsync(("real.txt", "content"), ("link", "->real.txt"), ("escape", "->/../../etc/passwd"), ("abs", "->/real.txt"));
        Assert.Equal("real.txt", CopySources.Match(context, ["link"], "COPY").Single().Entry.Path);
        Assert.Equal("real.txt", CopySources.Match(context, ["abs"], "COPY").Single().Entry.Path);
        // /../../etc/passwd is /etc/passwd of the context, which does not exist: never the host's.
        Assert.Throws<EngineException>(() => CopySources.Match(context, ["escape"], "COPY"));
    }

    [Fact]
    public async Task Hash_follows_content_and_mode_not_times()
    {
        using var other = new TempDir();
        var first = await ReceiveAsync(("f.txt", "one"));
        var second = await ReceivedContext.ReceiveAsync(ContextTar.Create(("f.txt", "two")), other.Path, CancellationToken.None);
        var h1 = CopySources.Hash(first, CopySources.Match(first, ["f.txt"], "COPY"));
        var h2 = CopySources.Hash(second, CopySources.Match(second, ["f.txt"], "COPY"));
        Assert.NotEqual(h1, h2);
        Assert.Equal(h1, CopySources.Hash(first, CopySources.Match(first, ["f.txt"], "COPY")));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("/../evil")]
    public async Task Hostile_context_entries_are_rejected(string name)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => ReceiveAsync((name, "x")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dir.Path)!, "evil")));
    }
}
