using Xunit;

namespace Berth.Testing;

/// <summary>A fact that is skipped, with the reason, when the tests do not run as root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (TestEnvironment.SkipUnlessRoot() is { } reason)
        {
            Skip = reason;
        }
    }
}
