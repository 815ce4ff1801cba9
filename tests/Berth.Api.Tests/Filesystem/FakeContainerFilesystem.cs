using System.Text;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Api.Tests.Filesystem;

/// <summary>A container "c1" with /etc (dir), /etc/hostname (file, content "box\n"); anything else is NotFound.</summary>
internal sealed class FakeContainerFilesystem : IContainerFilesystem
{
    public static readonly DateTimeOffset Mtime = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public List<FilesystemChange> Changes { get; } = [];
    public (string Container, string Path, byte[] Tar, bool NoOverwrite, bool CopyUidGid)? LastPut { get; private set; }
    public (string Container, CommitOptions Options)? LastCommit { get; private set; }
    public bool ArchiveDisposed { get; private set; }

    public Task<PathStat> StatPathAsync(string container, string path, CancellationToken cancellationToken) =>
        Task.FromResult(Stat(container, path));

    public Task<IContainerArchive> OpenArchiveAsync(string container, string path, CancellationToken cancellationToken) =>
        Task.FromResult<IContainerArchive>(new Archive(this, Stat(container, path)));

    public async Task<PathStat> GetArchiveAsync(string container, string path, Stream output, CancellationToken cancellationToken)
    {
        await using var archive = await OpenArchiveAsync(container, path, cancellationToken);
        await archive.WriteToAsync(output, cancellationToken);
        return archive.Stat;
    }

    public async Task PutArchiveAsync(string container, string path, Stream tar, bool noOverwriteDirNonDir, bool copyUidGid, CancellationToken cancellationToken)
    {
        var stat = Stat(container, path);
        if (!stat.IsDirectory)
        {
            throw EngineException.InvalidArgument("extraction point is not a directory");
        }

        var buffer = new MemoryStream();
        await tar.CopyToAsync(buffer, cancellationToken);
        LastPut = (container, path, buffer.ToArray(), noOverwriteDirNonDir, copyUidGid);
    }

    public Task<IReadOnlyList<FilesystemChange>> ChangesAsync(string container, CancellationToken cancellationToken)
    {
        Known(container);
        return Task.FromResult<IReadOnlyList<FilesystemChange>>(Changes);
    }

    public async Task ExportAsync(string container, Stream output, CancellationToken cancellationToken)
    {
        Known(container);
        await output.WriteAsync(Encoding.ASCII.GetBytes("export-of-" + container), cancellationToken);
    }

    public Task WriteLayerDiffAsync(string container, Stream output, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageDetails> CommitAsync(string container, CommitOptions options, CancellationToken cancellationToken)
    {
        Known(container);
        LastCommit = (container, options);
        return Task.FromResult(new ImageDetails("sha256:" + new string('d', 64), [], [], "", DateTimeOffset.UnixEpoch, 0, [], new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty, 0));
    }

    private static void Known(string container)
    {
        if (container != "c1")
        {
            throw EngineException.NotFound("No such container: " + container);
        }
    }

    private static PathStat Stat(string container, string path)
    {
        Known(container);
        return path.TrimEnd('/') switch
        {
            "/etc" => new PathStat("etc", 4096, PathStat.ModeDir | 0x1ED, Mtime, ""),
            "/etc/hostname" => new PathStat("hostname", 4, 0x1A4, Mtime, ""),
            _ => throw EngineException.NotFound($"Could not find the file {path} in container {container}"),
        };
    }

    private sealed class Archive(FakeContainerFilesystem owner, PathStat stat) : IContainerArchive
    {
        public PathStat Stat => stat;

        public async Task WriteToAsync(Stream output, CancellationToken cancellationToken) =>
            await output.WriteAsync(Encoding.ASCII.GetBytes("tar-of-" + stat.Name), cancellationToken);

        public ValueTask DisposeAsync()
        {
            owner.ArchiveDisposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
