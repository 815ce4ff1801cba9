using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>A fact that needs root (overlay mounts, chown); skipped with the reason otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root (mounts overlayfs, chowns files)";
        }
    }
}
