using Berth.Core.Volumes;

namespace Berth.Daemon.Composition;

/// <summary>
/// The volume service asks the container engine which volumes are in use, and the container engine
/// needs the volume service: this breaks the cycle. Until <see cref="Target"/> is set no volume is referenced.
/// </summary>
internal sealed class DeferredVolumeUsage : IVolumeUsage
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> None =
        new Dictionary<string, IReadOnlyList<string>>();

    public IVolumeUsage? Target { get; set; }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetReferencesAsync(CancellationToken cancellationToken) =>
        Target?.GetReferencesAsync(cancellationToken) ?? Task.FromResult(None);
}
