using Berth.Core.Containers;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// A container's layers while an operation works on them: the upper (writable) dir, the lower dirs
/// (top-most first) and, when asked for, a mounted merged view. Disposing releases the merged view
/// (unmounts it when it was mounted for this operation only).
/// </summary>
public sealed class ContainerRootfs : IAsyncDisposable
{
    private Func<ValueTask>? _release;

    public ContainerRootfs(ContainerInfo container, string upperDir, IReadOnlyList<string> lowerDirsTopFirst, string? mergedDir, Func<ValueTask>? release)
    {
        Container = container;
        UpperDir = upperDir;
        LowerDirsTopFirst = lowerDirsTopFirst;
        MergedDir = mergedDir;
        _release = release;
    }

    public ContainerInfo Container { get; }

    public string UpperDir { get; }

    public IReadOnlyList<string> LowerDirsTopFirst { get; }

    /// <summary>The mounted merged rootfs; null when the lease was taken without mounting.</summary>
    public string? MergedDir { get; }

    public ValueTask DisposeAsync()
    {
        Func<ValueTask>? release = Interlocked.Exchange(ref _release, null);
        return release?.Invoke() ?? ValueTask.CompletedTask;
    }
}
