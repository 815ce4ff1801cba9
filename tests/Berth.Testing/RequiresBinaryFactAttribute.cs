using Xunit;

namespace Berth.Testing;

/// <summary>A root-only fact that also needs programs on PATH, e.g. <c>[RequiresBinaryFact("runc", "conmon")]</c>.</summary>
public sealed class RequiresBinaryFactAttribute : FactAttribute
{
    public RequiresBinaryFactAttribute(params string[] binaries)
    {
        Binaries = binaries;
        if (TestEnvironment.SkipUnlessRootAnd(binaries) is { } reason)
        {
            Skip = reason;
        }
    }

    public IReadOnlyList<string> Binaries { get; }

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
