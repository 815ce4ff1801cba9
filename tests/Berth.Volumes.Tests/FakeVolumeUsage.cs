using Berth.Core.Volumes;

namespace Berth.Volumes.Tests;

/// <summary>The container engine's side: which container uses which volume, set by the test.</summary>
internal sealed class FakeVolumeUsage : IVolumeUsage
{
    private readonly Dictionary<string, List<string>> _references = new(StringComparer.Ordinal);

    public void Use(string volume, string container)
    {
        if (!_references.TryGetValue(volume, out var list))
        {
            _references[volume] = list = [];
        }
        list.Add(container);
    }

    public void Clear() => _references.Clear();

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetReferencesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(
            _references.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToList()));
}
