using Xunit;
using Berth.Core.Containers;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Runtime.Filesystem;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>Builds the service under test; collaborators not given refuse every call.</summary>
internal static class Fs
{
    public static ContainerFilesystem Create(OverlayContainer container, IContainerService? containers = null, IImageService? images = null, ISnapshotter? snapshotter = null, IEventSink? events = null) =>
        new(container,
            containers ?? Recorder.Create<IContainerService>((m, _) => throw new NotSupportedException(m.Name)).Fake,
            images ?? Recorder.Create<IImageService>((m, _) => throw new NotSupportedException(m.Name)).Fake,
            snapshotter ?? Recorder.Create<ISnapshotter>((m, _) => throw new NotSupportedException(m.Name)).Fake,
            events);

    public static async Task<byte[]> GetAsync(ContainerFilesystem fs, string path)
    {
        var output = new MemoryStream();
        await fs.GetArchiveAsync("fs-test", path, output, CancellationToken.None);
        return output.ToArray();
    }

    public static (uint Uid, uint Gid) Owner(string hostPath)
    {
        using var dir = Berth.Linux.Files.FileHandles.Open(Path.GetDirectoryName(hostPath)!, Berth.Linux.Files.OpenFlags.O_PATH | Berth.Linux.Files.OpenFlags.O_DIRECTORY);
        Assert.True(Berth.Linux.Files.FileStatus.TryStatAt(dir, Path.GetFileName(hostPath), follow: false, out var stat));
        return (stat.Uid, stat.Gid);
    }

    /// <summary>The lower layer of a tiny image: /etc/passwd, /etc/group, /bin/sh (a file), /keep/x, /opq/a.</summary>
    public static void Image(string lower)
    {
        Directory.CreateDirectory(Path.Combine(lower, "etc"));
        File.WriteAllText(Path.Combine(lower, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1234:2345::/home/app:/bin/sh\n");
        File.WriteAllText(Path.Combine(lower, "etc/group"), "root:x:0:\napp:x:2345:\n");
        Directory.CreateDirectory(Path.Combine(lower, "bin"));
        File.WriteAllText(Path.Combine(lower, "bin/sh"), "#!fake shell");
        Directory.CreateDirectory(Path.Combine(lower, "keep"));
        File.WriteAllText(Path.Combine(lower, "keep/x"), "x");
        Directory.CreateDirectory(Path.Combine(lower, "opq"));
        File.WriteAllText(Path.Combine(lower, "opq/a"), "a");
    }
}
