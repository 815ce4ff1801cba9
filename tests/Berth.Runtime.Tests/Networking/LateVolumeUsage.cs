using Berth.Core.Volumes;

namespace Berth.Runtime.Tests.Networking;

/// <summary>The volume service is made before the container engine that answers for it.</summary>
internal sealed class LateVolumeUsage : IVolumeUsage
{
    public IVolumeUsage? Target { get; set; }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetReferencesAsync(CancellationToken cancellationToken) =>
        Target?.GetReferencesAsync(cancellationToken) ?? Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(new Dictionary<string, IReadOnlyList<string>>());
}
