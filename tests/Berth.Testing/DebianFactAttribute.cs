using Xunit;

namespace Berth.Testing;

/// <summary>
/// A root-only fact over the local debian:bookworm image; skipped, with the error, only when the
/// image cannot be made for lack of network (see <see cref="DebianImage.SkipReason"/>).
/// </summary>
public sealed class DebianFactAttribute : FactAttribute
{
    public DebianFactAttribute()
    {
        if (DebianImage.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
