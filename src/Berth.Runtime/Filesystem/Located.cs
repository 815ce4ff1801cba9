using Berth.Core.Containers;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>A container path found in the rootfs: an O_PATH handle on it, its stat, and where it sits
/// (the resolved in-root directory and the last element as given: "" or "." for a directory path).</summary>
internal sealed class Located(SafeFileHandle handle, PathStat stat, string resolvedDir, string file) : IDisposable
{
    public SafeFileHandle Handle { get; } = handle;
    public PathStat Stat { get; } = stat;
    public string ResolvedDir { get; } = resolvedDir;
    public string File { get; } = file;

    public void Dispose() => Handle.Dispose();
}
