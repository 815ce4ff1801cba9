namespace Berth.Build.Instructions;

/// <summary>An inline COPY/ADD source from a heredoc: file name, content (already chomped), expand flag.</summary>
public sealed record SourceContent(string Path, string Data, bool Expand);
