using Berth.Build.Context;

namespace Berth.Build.Execution;

/// <summary>What one COPY/ADD takes: context matches, inline heredoc files, downloaded URLs, or paths
/// in another stage/image; plus the content hash that goes into the cache key and history.</summary>
internal sealed class CopySourceSet
{
    public List<CopySourceMatch> ContextMatches { get; } = [];

    /// <summary>(file name, content) from COPY &lt;&lt;EOF.</summary>
    public List<(string Name, string Data)> Inline { get; } = [];

    /// <summary>(file name, temp file, mtime) of ADD &lt;url&gt; downloads.</summary>
    public List<(string Name, string HostPath, DateTimeOffset Modified)> Downloads { get; } = [];

    /// <summary>Image to copy from (COPY --from) and the paths named in it.</summary>
    public string? FromImage { get; set; }

    public List<string> FromPaths { get; } = [];

    public int Count => ContextMatches.Count + Inline.Count + Downloads.Count + FromPaths.Count;

    /// <summary>True when the only source is a directory (its contents go into dest).</summary>
    public bool SingleDirectory => Count == 1 && ContextMatches.Count == 1 && ContextMatches[0].Entry.Kind == ContextEntryKind.Directory;
}
