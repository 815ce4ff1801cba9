using Berth.Core.Errors;
using Berth.Core.Images;
using Berth.Oci;

namespace Berth.Images.Tests;

public sealed class RemoveTests
{
    private static string Short(string id) => id[7..19];

    private static Task<IReadOnlyList<ImageDeleteItem>> Rmi(Harness h, string name, bool force = false) =>
        h.Service.RemoveAsync(name, force, noPrune: false, CancellationToken.None);

    [Fact]
    public async Task ByTag_WithOtherTags_OnlyUntags()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("one", 1), "one:a", "one:b");

        var result = await Rmi(h, "one:a");

        Assert.Equal([new ImageDeleteItem("one:a", null)], result);
        Assert.NotNull(h.Metadata.Get(image.Id));
        Assert.Contains(h.Events.Events, e => e.Action == "untag" && e.ActorId == image.Id);
    }

    [Fact]
    public async Task ByLastTag_DeletesImageLayersAndBlobs()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("last"), "last:latest");
        var chain = ChainId.Compute(image.DiffIds);

        var result = await Rmi(h, "last");

        Assert.Equal([new("last:latest", null), new(null, image.Id), new(null, chain[1]), new(null, chain[0])], result);
        Assert.Null(h.Metadata.Get(image.Id));
        Assert.Empty(h.Snapshots.Layers);
        Assert.Empty(h.Content.Digests);
        Assert.Contains(h.Events.Events, e => e.Action == "delete" && e.ActorId == image.Id);
    }

    [Fact]
    public async Task ById_WithSeveralRepositories_NeedsForce()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("multi", 1), "repo1:latest", "repo2:latest");

        var ex = await Assert.ThrowsAsync<EngineException>(() => Rmi(h, Short(image.Id)));
        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        Assert.Equal($"conflict: unable to delete {Short(image.Id)} (must be forced) - image is referenced in multiple repositories", ex.Message);

        var forced = await Rmi(h, image.Id, force: true);
        Assert.Equal([new("repo1:latest", null), new("repo2:latest", null), new(null, image.Id), new(null, image.DiffIds[0])], forced);
    }

    [Fact]
    public async Task ById_WithOneTag_UntagsAndDeletes()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("single", 1), "single:1");

        var result = await Rmi(h, "sha256:" + Short(image.Id));

        Assert.Equal([new("single:1", null), new(null, image.Id), new(null, image.DiffIds[0])], result);
    }

    [Fact]
    public async Task ByTag_UsedByContainer_RefusesWithoutForce()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("used", 1), "busybox:latest");
        var container = new string('c', 64);
        h.Usage.Add(container, image.Id, running: false);

        var ex = await Assert.ThrowsAsync<EngineException>(() => Rmi(h, "busybox"));

        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        Assert.Equal($"conflict: unable to remove repository reference \"busybox\" (must force) - container cccccccccccc is using its referenced image {Short(image.Id)}", ex.Message);
    }

    [Fact]
    public async Task ByTag_Forced_WhileContainerUsesIt_LeavesDanglingImage()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("forcetag", 1), "ft:1");
        h.Usage.Add(new string('d', 64), image.Id, running: false);

        var result = await Rmi(h, "ft:1", force: true);

        // Docker: force on a tag deletes a stopped container's image too (soft conflict forced).
        Assert.Equal([new("ft:1", null), new(null, image.Id)], result);
        Assert.True(h.Snapshots.Exists(image.DiffIds[0])); // the container's overlay still needs the layer
    }

    [Fact]
    public async Task ById_RunningContainer_CannotBeForced()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("running", 1));
        h.Usage.Add(new string('e', 64), image.Id, running: true);

        var ex = await Assert.ThrowsAsync<EngineException>(() => Rmi(h, image.Id, force: true));

        Assert.Equal($"conflict: unable to delete {Short(image.Id)} (cannot be forced) - image is being used by running container eeeeeeeeeeee", ex.Message);
        Assert.NotNull(h.Metadata.Get(image.Id));
    }

    [Fact]
    public async Task ById_StoppedContainer_MustBeForced()
    {
        var h = new Harness();
        var image = await h.LoadOneAsync(TestImages.Image("stopped", 1));
        h.Usage.Add(new string('f', 64), image.Id, running: false);

        var ex = await Assert.ThrowsAsync<EngineException>(() => Rmi(h, image.Id));
        Assert.Equal($"conflict: unable to delete {Short(image.Id)} (must be forced) - image is being used by stopped container ffffffffffff", ex.Message);

        var forced = await Rmi(h, image.Id, force: true);
        Assert.Equal([new(null, image.Id)], forced);
    }

    [Fact]
    public async Task SharedLayers_SurviveUntilTheLastImageGoes()
    {
        var h = new Harness();
        var baseImage = TestImages.Image("shared", 1);
        var child = TestImages.Image("child", 1, sharedBase: baseImage.Layers);
        await h.LoadAsync(TestImages.Docker25Archive((baseImage, ["base:1"]), (child, ["child:1"])));

        await Rmi(h, "base:1");

        Assert.True(h.Snapshots.Exists(baseImage.DiffIds[0]));
        Assert.True(h.Content.Exists(baseImage.DiffIds[0]));
        Assert.Equal(2, h.Snapshots.Layers.Count);

        await Rmi(h, "child:1");
        Assert.Empty(h.Snapshots.Layers);
        Assert.Empty(h.Content.Digests);
    }

    [Fact]
    public async Task UnknownName_IsNotFound()
    {
        var h = new Harness();
        var ex = await Assert.ThrowsAsync<EngineException>(() => Rmi(h, "nothing"));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal("No such image: nothing:latest", ex.Message);
    }

    [Fact]
    public async Task CommittedChild_BlocksParentDeletionById()
    {
        var h = new Harness();
        var parent = await h.LoadOneAsync(TestImages.Image("parent", 1));
        await h.Service.CommitAsync(new CommitRequest(parent.Id, null, default, ["ENV A=1"], "kid", null, null, null, "ENV A=1", true), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<EngineException>(() => Rmi(h, parent.Id, force: true));

        Assert.Equal($"conflict: unable to delete {Short(parent.Id)} (cannot be forced) - image has dependent child images", ex.Message);
    }

    [Fact]
    public async Task DeletingChild_PrunesUntaggedParent()
    {
        var h = new Harness();
        var parent = await h.LoadOneAsync(TestImages.Image("p2", 1));
        var kid = await h.Service.CommitAsync(new CommitRequest(parent.Id, new NonSeekableStream(TestImages.LayerTar(("k", "1"))), default, [], "kid2", null, null, null, "x", false), CancellationToken.None);

        var result = await Rmi(h, "kid2");

        Assert.Contains(new ImageDeleteItem(null, kid.Id), result);
        Assert.Contains(new ImageDeleteItem(null, parent.Id), result);
        Assert.Empty(h.Metadata.List());
    }
}
