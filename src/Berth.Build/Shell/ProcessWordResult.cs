namespace Berth.Build.Shell;

/// <summary>The outcome of expanding one word: the joined result, the split words, and which
/// variable names were found or missing (the executor uses the latter for unused/undefined checks).</summary>
public sealed record ProcessWordResult(
    string Result,
    IReadOnlyList<string> Words,
    IReadOnlySet<string> Matched,
    IReadOnlySet<string> Unmatched);
