using System.Text;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Runtime.Tests.Fakes;

/// <summary>A one-layer "busybox" image whose layer directory is built from the host's static busybox.</summary>
internal sealed class BusyboxImage : IImageService
{
    public const string ImageId = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string ChainId = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static readonly string[] Applets =
        ["sh", "echo", "sleep", "cat", "ls", "true", "false", "ps", "id", "env", "top", "pwd", "kill", "trap", "grep", "head", "wc", "printf", "hostname", "mkdir", "touch", "stty", "tty", "unshare", "mount", "readlink", "stat", "seq", "yes", "chroot"];

    private readonly ImageDetails _details;

    public BusyboxImage(string layerDir, string? imageConfigJson = null)
    {
        LayerDir = layerDir;
        Directory.CreateDirectory(Path.Combine(layerDir, "bin"));
        Directory.CreateDirectory(Path.Combine(layerDir, "etc"));
        Directory.CreateDirectory(Path.Combine(layerDir, "tmp"));
        File.Copy("/bin/busybox", Path.Combine(layerDir, "bin", "busybox"), overwrite: true);
        foreach (string applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(layerDir, "bin", applet), "busybox");
        }
        File.WriteAllText(Path.Combine(layerDir, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        File.WriteAllText(Path.Combine(layerDir, "etc", "group"), "root:x:0:\nnogroup:x:65534:\nalice:x:1000:\nwheel:x:10:alice\n");
        string config = imageConfigJson ?? """{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[]}}""";
        _details = new ImageDetails(ImageId, ["busybox:latest"], [], "", DateTimeOffset.UnixEpoch, 0, [ChainId], new Dictionary<string, string>(), Encoding.UTF8.GetBytes(config), 0);
    }

    public string LayerDir { get; }

    public Task<ImageDetails> GetAsync(string name, CancellationToken cancellationToken) =>
        name is "busybox" or "busybox:latest" or ImageId ? Task.FromResult(_details) : throw EngineException.NotFound("No such image: " + name);

    public async Task<ImageRootfs> ResolveRootfsAsync(string name, CancellationToken cancellationToken) =>
        new(await GetAsync(name, cancellationToken), [ChainId]);

    public Task<IReadOnlyList<ImageDetails>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task TagAsync(string source, string repository, string? tag, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, bool force, bool noPrune, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ImagePruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ImageDetails> ImportAsync(Stream rootfsTar, ImportOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDetails>> LoadAsync(Stream archive, Action<string> progress, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task SaveAsync(IReadOnlyList<string> names, Stream output, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ImageDetails> CommitAsync(CommitRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}
