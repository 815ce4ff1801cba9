using Xunit;

namespace Berth.Testing;

/// <summary>A theory that is skipped, with the reason, when the tests do not run as root.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (TestEnvironment.SkipUnlessRoot() is { } reason)
        {
            Skip = reason;
        }
    }
}
