using System.Formats.Tar;
using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Linux;
using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>The writable layer as a layer tar, and commit composed from it.</summary>
public sealed class CommitTests
{
    private static void ChangeThings(OverlayContainer c)
    {
        File.AppendAllText(c.InMerged("/etc/passwd"), "new:x:1:1::/:/bin/sh\n");
        File.Delete(c.InMerged("/etc/group"));
        Directory.CreateDirectory(c.InMerged("/new"));
        File.WriteAllText(c.InMerged("/new/file"), "n");
        Directory.Delete(c.InMerged("/opq"), recursive: true);
        Directory.CreateDirectory(c.InMerged("/opq"));
        File.WriteAllText(c.InMerged("/opq/b"), "b");
        File.CreateSymbolicLink(c.InMerged("/link"), "/etc/passwd");
    }

    [RootFact]
    public async Task Layer_diff_applied_on_the_image_gives_back_the_containers_view()
    {
        using var c = new OverlayContainer(Fs.Image);
        ChangeThings(c);
        ISnapshotter snapshotter = StorageSnapshotter.Create(Path.Combine(c.Root, "snapshots"));
        var diff = new MemoryStream();

        await Fs.Create(c, snapshotter: snapshotter).WriteLayerDiffAsync("fs-test", diff, CancellationToken.None);

        var names = TarContents.Names(diff.ToArray());
        Assert.Contains("etc/.wh.group", names);
        Assert.Contains("opq/.wh..wh..opq", names);
        diff.Position = 0;
        string chainId = "sha256:" + new string('c', 64);
        await snapshotter.ApplyLayerAsync(chainId, null, diff, CancellationToken.None);
        string replay = Path.Combine(c.Root, "replay");
        Directory.CreateDirectory(replay);
        Mounts.Mount("overlay", replay, "overlay", Mounts.MS_RDONLY, $"lowerdir={snapshotter.GetLayerPath(chainId)}:{c.Lower}");

        Assert.Equal(Tree(c.Merged), Tree(replay));
    }

    [RootFact]
    public async Task Commit_pauses_a_running_container_and_hands_its_layer_and_config_to_the_image_service()
    {
        var spec = new ContainerSpec { Image = "busybox", Cmd = ["sh", "-c", "echo hi"], Env = ["PATH=/bin", "KEEP=1"], Labels = new Dictionary<string, string> { ["a"] = "1" } };
        using var c = new OverlayContainer(Fs.Image, spec);
        c.Info = c.Info with { State = new ContainerState { Status = ContainerStatus.Running } };
        ChangeThings(c);
        ISnapshotter snapshotter = StorageSnapshotter.Create(Path.Combine(c.Root, "snapshots"));
        var calls = new List<string>();
        var (containers, _) = Recorder.Create<IContainerService>((m, args) =>
        {
            calls.Add(m.Name + " " + args[0]);
            return m.Name is "PauseAsync" or "UnpauseAsync" ? Task.CompletedTask : throw new NotSupportedException(m.Name);
        });
        CommitRequest? seen = null;
        byte[] layer = [];
        var (images, _) = Recorder.Create<IImageService>((m, args) =>
        {
            Assert.Equal("CommitAsync", m.Name);
            seen = (CommitRequest)args[0]!;
            return ReadLayerAsync();

            async Task<ImageDetails> ReadLayerAsync()
            {
                calls.Add("CommitAsync");
                var buffer = new MemoryStream();
                await seen.LayerTar!.CopyToAsync(buffer);
                layer = buffer.ToArray();
                return new ImageDetails("sha256:" + new string('d', 64), ["me/img:v1"], [], seen.BaseImage ?? "", DateTimeOffset.UnixEpoch, 0, [], new Dictionary<string, string>(), default, 0);
            }
        });
        var published = new List<EngineEvent>();
        var (events, _) = Recorder.Create<IEventSink>((_, args) => { published.Add((EngineEvent)args[0]!); return null; });
        var options = new CommitOptions
        {
            Repository = "me/img",
            Tag = "v1",
            Comment = "snap",
            Author = "me",
            Changes = ["ENV ADDED=2"],
            ConfigOverrides = "{\"Env\":[\"KEEP=2\"],\"Cmd\":null}"u8.ToArray(),
        };

        ImageDetails image = await Fs.Create(c, containers, images, snapshotter, events).CommitAsync("fs-test", options, CancellationToken.None);

        Assert.Equal(["PauseAsync " + c.Info.Id, "CommitAsync", "UnpauseAsync " + c.Info.Id], calls);
        Assert.NotNull(seen);
        Assert.Equal((c.Info.Image, "sh -c echo hi", "me/img", "v1", "snap", "me"), (seen!.BaseImage, seen.CreatedBy, seen.Repository, seen.Tag, seen.Comment, seen.Author));
        Assert.Equal(["ENV ADDED=2"], seen.Changes);
        var config = JsonNode.Parse(seen.ConfigOverrides.Span)!.AsObject();
        Assert.Equal(["KEEP=2", "PATH=/bin"], config["Env"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["sh", "-c", "echo hi"], config["Cmd"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("1", config["Labels"]!["a"]!.GetValue<string>());
        Assert.Contains("new/file", TarContents.Names(layer));
        var commit = Assert.Single(published);
        Assert.Equal(("commit", c.Info.Id, image.Id, "me/img:v1"), (commit.Action, commit.ActorId, commit.Attributes["imageID"], commit.Attributes["imageRef"]));
    }

    [RootFact]
    public async Task Dead_containers_cannot_be_committed_and_stopped_ones_are_not_paused()
    {
        using var c = new OverlayContainer(Fs.Image);
        c.Info = c.Info with { State = new ContainerState { Status = ContainerStatus.Dead } };
        var e = await Assert.ThrowsAsync<EngineException>(() => Fs.Create(c).CommitAsync("fs-test", new CommitOptions(), CancellationToken.None));
        Assert.Equal((ErrorKind.Conflict, $"You cannot commit container {c.Info.Id} which is Dead"), (e.Kind, e.Message));
    }

    /// <summary>Relative path → type and content (files), target (links), for comparing two views.</summary>
    private static SortedDictionary<string, string> Tree(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string rel = Path.GetRelativePath(root, info.FullName);
            result[rel] = info.LinkTarget is { } target ? "link " + target
                : info is DirectoryInfo ? "dir " + info.UnixFileMode
                : "file " + info.UnixFileMode + " " + File.ReadAllText(info.FullName);
        }
        return result;
    }
}
