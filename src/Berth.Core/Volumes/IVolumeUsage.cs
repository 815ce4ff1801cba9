namespace Berth.Core.Volumes;

/// <summary>
/// Which containers use which volumes, answered by the container engine (every container that
/// exists, running or not, counts: Docker keeps a volume referenced until the container is removed).
/// The volume service asks it for `dangling`, `rm` (in use → 409) and prune.
/// </summary>
public interface IVolumeUsage
{
    /// <summary>Volume name → IDs of the containers that reference it. Volumes no container uses are absent.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetReferencesAsync(CancellationToken cancellationToken);
}
