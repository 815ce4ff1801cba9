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
}
