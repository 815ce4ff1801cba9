using System.Formats.Tar;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

/// <summary>
/// A never-started container over an image, used to look at its files and to turn a COPY/ADD/WORKDIR
/// tar into a layer: the archive goes in through the container filesystem (which resolves every path
/// inside the rootfs), the layer comes out as the container's diff, so parent directories keep their
/// real metadata (overlay copy-up) exactly as Docker's layers do.
/// </summary>
internal sealed class HelperContainer : IImageFiles, IAsyncDisposable
{
    private readonly IContainerService _containers;
    private readonly IContainerFilesystem _filesystem;

    private HelperContainer(IContainerService containers, IContainerFilesystem filesystem, string id)
    {
        _containers = containers;
        _filesystem = filesystem;
        Id = id;
    }

    public string Id { get; }

    public static async Task<HelperContainer> CreateAsync(IContainerService containers, IContainerFilesystem filesystem, string imageId, CancellationToken cancellationToken)
    {
        var spec = new ContainerSpec { Image = imageId, Cmd = ["/bin/true"], Entrypoint = [], NetworkMode = "none" };
        var created = await containers.CreateAsync(null, spec, cancellationToken).ConfigureAwait(false);
        return new HelperContainer(containers, filesystem, created.Id);
    }

    /// <summary>The lstat of a path (following symlinks when it ends in "/"), or null when missing.</summary>
    public async Task<PathStat?> StatAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _filesystem.StatPathAsync(Id, path, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.InvalidArgument)
        {
            return null;
        }
    }

    /// <summary>A small text file of the image (/etc/passwd), or null when missing.</summary>
    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await _filesystem.GetArchiveAsync(Id, path, buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.InvalidArgument)
        {
            return null;
        }

        buffer.Position = 0;
        using var reader = new TarReader(buffer);
        var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        if (entry?.DataStream is null)
        {
            return null;
        }

        using var text = new StreamReader(entry.DataStream);
        return await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a tar of <paramref name="path"/> (entries named by its base name).</summary>
    public Task<PathStat> ArchiveAsync(string path, Stream output, CancellationToken cancellationToken) =>
        _filesystem.GetArchiveAsync(Id, path, output, cancellationToken);

    public Task ExtractAsync(Stream tar, CancellationToken cancellationToken) =>
        _filesystem.PutArchiveAsync(Id, "/", tar, noOverwriteDirNonDir: false, copyUidGid: false, cancellationToken);

    public Task WriteDiffAsync(Stream output, CancellationToken cancellationToken) =>
        _filesystem.WriteLayerDiffAsync(Id, output, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _containers.RemoveAsync(Id, force: true, removeVolumes: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            // Already gone; nothing to clean.
        }
    }
}
