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

    /// <summary>Why this test only means something against berthd (it checks Berth internals); skipped under dockerd.</summary>
    public string? BerthdOnly { get; set; }

    /// <summary>How the local reference, dockerd 20.10, answers differently from current Docker (which Berth follows); skipped under dockerd.</summary>
    public string? DockerdTooOld { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? TestEngine.SkipUnlessBerthd(BerthdOnly) ?? TestEngine.SkipUnlessCurrentDocker(DockerdTooOld);
        set => base.Skip = value;
    }
}
