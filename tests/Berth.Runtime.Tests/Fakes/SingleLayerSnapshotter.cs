using Berth.Core.Snapshots;

namespace Berth.Runtime.Tests.Fakes;

/// <summary>Serves one pre-built layer directory as the only lower dir.</summary>
internal sealed class SingleLayerSnapshotter(string layerDir) : ISnapshotter
{
    public bool Exists(string chainId) => true;

    public string GetLayerPath(string chainId) => layerDir;

    public OverlayMount PrepareOverlay(IReadOnlyList<string> chainIdsBottomFirst, string containerDir)
    {
        string upper = Path.Combine(containerDir, "upper");
        string work = Path.Combine(containerDir, "work");
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        return new OverlayMount("overlay", "overlay", Path.Combine(containerDir, "rootfs"), $"lowerdir={layerDir},upperdir={upper},workdir={work}", upper, work);
    }

    public Task<string> ApplyLayerAsync(string chainId, string? parentChainId, Stream uncompressedTar, CancellationToken cancellationToken) => throw new NotSupportedException();
    public long GetLayerSize(string chainId) => 0;
    public void Remove(string chainId) => throw new NotSupportedException();
    public Task WriteDiffAsync(string upperDir, Stream output, CancellationToken cancellationToken) => throw new NotSupportedException();
}
