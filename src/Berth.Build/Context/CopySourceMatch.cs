namespace Berth.Build.Context;

/// <summary>A COPY/ADD source as matched in the context: the path written (or matched by a glob) and
/// the entry it resolves to (symlinks followed).</summary>
internal sealed record CopySourceMatch(string Path, ContextEntry Entry);
