using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Volumes;
using Berth.Runtime.Tests.Filesystem;
using Xunit;

namespace Berth.Runtime.Tests.Networking;

/// <summary>-v, --mount, --tmpfs and image volumes through the real mount planner.</summary>
[Collection(NetworkCollection.Name)]
public sealed class ContainerVolumeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [RootFact]
    public async Task NamedVolume_KeepsDataAcrossContainers_AndCountsAsInUse()
    {
        await using var h = await NetworkedHarness.StartAsync();
        string volume = "data-" + h.Tag;
        var (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", "echo kept > /v/file") with { Binds = [volume + ":/v"] });
        Assert.True(code == 0, output);
        (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("cat", "/v/file") with
        {
            Mounts = [new MountSpec("volume", volume, "/v", ReadOnly: true, new Dictionary<string, string>())],
        });
        Assert.Equal((0, "kept\n"), (code, output));

        var references = await h.Service.GetReferencesAsync(None);
        Assert.Equal(2, references[volume].Count);
        var inUse = await Assert.ThrowsAsync<EngineException>(() => h.Volumes.RemoveAsync(volume, force: false, None));
        Assert.Equal(ErrorKind.Conflict, inUse.Kind);

        ContainerInfo info = (await h.Service.ListAsync(new ContainerListOptions { All = true }, None))[0];
        ResolvedMount mount = Assert.Single(info.MountPoints);
        Assert.Equal((ResolvedMount.TypeVolume, volume, "/v", false), (mount.Type, mount.Name, mount.Destination, mount.RW));

        // rm -v never removes a named volume.
        foreach (ContainerInfo c in await h.Service.ListAsync(new ContainerListOptions { All = true }, None))
        {
            await h.Service.RemoveAsync(c.Id, force: false, removeVolumes: true, None);
        }
        Assert.Equal(volume, (await h.Volumes.GetAsync(volume, None)).Name);
        Assert.Empty(await h.Service.GetReferencesAsync(None));
    }

    [RootFact]
    public async Task BindMountReadOnly_AndTmpfs()
    {
        await using var h = await NetworkedHarness.StartAsync();
        string dir = Path.Combine(h.Runtime.Root, "host-dir");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "f"), "from-host\n");
        var (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", "cat /b/f; touch /b/new; echo touch=$?; grep ' /t ' /proc/mounts; echo x > /t/y && cat /t/y") with
        {
            Binds = [dir + ":/b:ro"],
            Tmpfs = new Dictionary<string, string> { ["/t"] = "size=1m" },
        });
        Assert.True(code == 0, output);
        Assert.Contains("from-host", output, StringComparison.Ordinal);
        Assert.Contains("touch=1", output, StringComparison.Ordinal);
        Assert.Contains("tmpfs /t tmpfs", output, StringComparison.Ordinal);
        Assert.Contains("size=1024k", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "new")));
        ContainerInfo info = (await h.Service.ListAsync(new ContainerListOptions { All = true }, None))[0];
        // --tmpfs entries are not in inspect's Mounts, as in Docker.
        Assert.Single(info.MountPoints, m => m.Inspectable);
    }

    [RootFact]
    public async Task AnonymousVolume_CopiesImageData_AndGoesWithRmV()
    {
        await using var h = await NetworkedHarness.StartAsync();
        var (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("ls", "/etc/anon") with { Volumes = ["/etc/anon"], Binds = [], });
        Assert.Equal(0, code);
        ContainerInfo info = (await h.Service.ListAsync(new ContainerListOptions { All = true }, None))[0];
        string anonymous = Assert.Single(info.MountPoints).Name;
        Assert.Equal(64, anonymous.Length);
        Assert.True((await h.Volumes.GetAsync(anonymous, None)).Labels.ContainsKey("com.docker.volume.anonymous"));

        await h.Service.RemoveAsync(info.Id, force: false, removeVolumes: true, None);
        var gone = await Assert.ThrowsAsync<EngineException>(() => h.Volumes.GetAsync(anonymous, None));
        Assert.Equal(ErrorKind.NotFound, gone.Kind);

        // --rm (AutoRemove) takes its anonymous volumes too.
        string id = await h.Runtime.RunAsync(RuntimeHarness.Spec("true") with { Volumes = ["/scratch"], AutoRemove = true });
        await h.Service.WaitAsync(id, WaitCondition.Removed, None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(await h.Volumes.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), None));
    }

    [RootFact]
    public async Task BadMountSpec_FailsCreate_WithoutLeavingAContainerOrVolume()
    {
        await using var h = await NetworkedHarness.StartAsync();
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.CreateAsync(null, RuntimeHarness.Spec("true") with
        {
            Volumes = ["/anon"],
            Binds = ["/a:/x", "/b:/x"],
        }, None));
        Assert.Equal("Duplicate mount point: /x", e.Message);
        Assert.Empty(await h.Service.ListAsync(new ContainerListOptions { All = true }, None));
        Assert.Empty(await h.Volumes.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), None));
    }
}
