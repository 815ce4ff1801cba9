namespace Berth.Build.Instructions;

/// <summary>
/// One <c>RUN --mount=...</c>. Values are expanded (mount options support ARG/ENV). Type is
/// bind, cache, tmpfs, secret or ssh; ReadOnly defaults to false for cache/tmpfs, true otherwise.
/// </summary>
public sealed record RunMount
{
    public string Type { get; init; } = MountTypes.Bind;

    /// <summary>Stage name/index or image to mount from (bind, cache); "" means the context/scratch.</summary>
    public string From { get; init; } = "";

    public string Source { get; init; } = "";

    public string Target { get; init; } = "";

    public bool ReadOnly { get; init; }

    /// <summary>The <c>id=</c> (cache id or secret/ssh id).</summary>
    public string Id { get; init; } = "";

    /// <summary>shared, private or locked (cache only); "" means shared.</summary>
    public string Sharing { get; init; } = "";

    public bool Required { get; init; }

    public uint? Mode { get; init; }

    public uint? Uid { get; init; }

    public uint? Gid { get; init; }

    /// <summary>tmpfs size in bytes; 0 means unlimited.</summary>
    public long SizeLimit { get; init; }

    /// <summary>secret only: expose the secret as this environment variable.</summary>
    public string Env { get; init; } = "";
}
