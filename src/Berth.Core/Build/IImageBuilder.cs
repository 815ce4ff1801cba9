namespace Berth.Core.Build;

/// <summary>
/// The classic (legacy) Dockerfile builder behind `POST /build` and `POST /build/prune`. Failures
/// before the first output line (hostile context, Dockerfile syntax, unknown target) are
/// <see cref="Errors.EngineException"/> InvalidArgument so the API can answer 400; a failing RUN is
/// <see cref="BuildCommandFailedException"/>; later failures are EngineException with Docker's wording.
/// </summary>
public interface IImageBuilder
{
    /// <summary>Builds from a context tar (plain or gzip) and returns the image ID ("sha256:...").
    /// Progress text goes to <paramref name="output"/> in the legacy builder's wording.</summary>
    Task<string> BuildAsync(BuildRequest request, Stream context, IBuildOutput output, CancellationToken cancellationToken);

    /// <summary>Drops cache entries (all, or only those no tagged image builds on) and the intermediate
    /// images only they kept alive.</summary>
    Task<BuildCachePruneResult> PruneCacheAsync(bool all, CancellationToken cancellationToken);

    /// <summary>The cache as `system df` shows it.</summary>
    Task<IReadOnlyList<BuildCacheEntry>> ListCacheAsync(CancellationToken cancellationToken);
}
