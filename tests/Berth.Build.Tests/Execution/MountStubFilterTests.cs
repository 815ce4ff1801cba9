using System.Formats.Tar;
using Berth.Build.Execution;

namespace Berth.Build.Tests.Execution;

public sealed class MountStubFilterTests
{
    private static async Task<List<string>> FilterAsync(MountStubFilter filter, params (string Name, string? Content)[] entries)
    {
        using var input = ContextTar.Create(entries);
        using var output = new MemoryStream();
        await filter.FilterAsync(input, output, CancellationToken.None);
        output.Position = 0;
        var names = new List<string>();
        using var reader = new TarReader(output);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    [Fact]
    public async Task StubsAndTheDirectoriesMadeForThemGoOtherChangesStay()
    {
        var filter = new MountStubFilter();
        filter.Created.UnionWith(["run", "run/secrets", "run/secrets/foo"]);
        var names = await FilterAsync(filter, ("run/", null), ("run/secrets/", null), ("run/secrets/foo", ""), ("made.txt", "x"));
        Assert.Equal(["made.txt"], names);
    }

    [Fact]
    public async Task AnythingTheRunWroteBesideAStubKeepsItsDirectories()
    {
        var filter = new MountStubFilter();
        filter.Created.UnionWith(["run", "run/secrets", "run/secrets/foo"]);
        var names = await FilterAsync(filter, ("run/", null), ("run/secrets/", null), ("run/secrets/foo", ""), ("run/secrets/other", "data"));
        Assert.Equal(["run/", "run/secrets/", "run/secrets/other"], names);
    }

    [Fact]
    public async Task TouchedDirectoryGoesOnlyWithItsOldPermissions()
    {
        var filter = new MountStubFilter();
        filter.Created.Add("etc/key");
        filter.Touched["etc"] = 0x1ED;
        Assert.Empty(await FilterAsync(filter, ("etc/", null), ("etc/key", "")));

        filter.Touched["etc"] = 0x1C0; // the RUN chmod-ed it: a real change
        Assert.Equal(["etc/"], await FilterAsync(filter, ("etc/", null), ("etc/key", "")));
    }

    [Fact]
    public async Task AStubWithContentIsNotAStub()
    {
        var filter = new MountStubFilter();
        filter.Created.Add("key");
        Assert.Equal(["key"], await FilterAsync(filter, ("key", "written by the run after its mount")));
    }

    [Fact]
    public async Task NothingLeftIsDockersEmptyLayer()
    {
        var filter = new MountStubFilter();
        filter.Created.Add("s");
        using var input = ContextTar.Create(("s", ""));
        using var output = new MemoryStream();
        await filter.FilterAsync(input, output, CancellationToken.None);
        Assert.Equal(new byte[1024], output.ToArray());
    }
}
