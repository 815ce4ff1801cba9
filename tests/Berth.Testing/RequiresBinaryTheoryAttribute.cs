using Xunit;

namespace Berth.Testing;

/// <summary>A root-only theory that also needs programs on PATH, e.g. <c>[RequiresBinaryTheory("tmux")]</c>.</summary>
public sealed class RequiresBinaryTheoryAttribute : TheoryAttribute
{
    public RequiresBinaryTheoryAttribute(params string[] binaries)
    {
        Binaries = binaries;
        if (TestEnvironment.SkipUnlessRootAnd(binaries) is { } reason)
        {
            Skip = reason;
        }
    }

    public IReadOnlyList<string> Binaries { get; }
}
