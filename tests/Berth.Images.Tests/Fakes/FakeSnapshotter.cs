using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Security.Cryptography;
using Berth.Core.Errors;
using Berth.Core.Snapshots;

namespace Berth.Images.Tests.Fakes;

/// <summary>Records applied layers: hashes the tar for the diff ID and lists its entries; "size" is the sum of file sizes.</summary>
internal sealed class FakeSnapshotter : ISnapshotter
{
    private readonly ConcurrentDictionary<string, Layer> _layers = new(StringComparer.Ordinal);

    public sealed record Layer(string? Parent, string DiffId, IReadOnlyList<string> Entries, long Size);

    public IReadOnlyDictionary<string, Layer> Layers => _layers;

    public int ApplyCount { get; private set; }

    public bool Exists(string chainId) => _layers.ContainsKey(chainId);

    public async Task<string> ApplyLayerAsync(string chainId, string? parentChainId, Stream uncompressedTar, CancellationToken cancellationToken)
    {
        if (_layers.ContainsKey(chainId))
        {
            throw new InvalidOperationException($"layer {chainId} applied twice");
        }

        if (parentChainId is not null && !_layers.ContainsKey(parentChainId))
        {
            throw new InvalidOperationException($"parent {parentChainId} missing");
        }

        using var buffer = new MemoryStream();
        await uncompressedTar.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var entries = new List<string>();
        long size = 0;
        using (var reader = new TarReader(new MemoryStream(bytes)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.Name.StartsWith('/') || entry.Name.Split('/').Contains(".."))
                {
                    throw EngineException.InvalidArgument($"invalid path {entry.Name}");
                }

                entries.Add(entry.Name);
                size += entry.Length;
            }
        }

        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        _layers[chainId] = new Layer(parentChainId, diffId, entries, size);
        ApplyCount++;
        return diffId;
    }

    public string GetLayerPath(string chainId) => "/fake/" + chainId;

    public long GetLayerSize(string chainId) => _layers.TryGetValue(chainId, out var l) ? l.Size : throw EngineException.NotFound(chainId);

    public void Remove(string chainId)
    {
        if (_layers.Values.Any(l => l.Parent == chainId))
        {
            throw new InvalidOperationException($"layer {chainId} still has children");
        }

        _layers.TryRemove(chainId, out _);
    }

    public Task WriteDiffAsync(string upperDir, Stream output, CancellationToken cancellationToken) => throw new NotSupportedException();

    public OverlayMount PrepareOverlay(IReadOnlyList<string> chainIdsBottomFirst, string containerDir) => throw new NotSupportedException();
}
