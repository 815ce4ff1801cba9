namespace Berth.Volumes;

/// <summary>A mount request in the shape of Docker's api/types/mount.Mount, before validation.</summary>
internal sealed record MountConfig
{
    public required string Type { get; init; }
    public string Source { get; init; } = "";
    public string Target { get; init; } = "";
    public bool ReadOnly { get; init; }

    // Which option groups were given (Docker rejects e.g. BindOptions on a volume).
    public bool HasBindOptions { get; init; }
    public bool HasVolumeOptions { get; init; }
    public bool HasTmpfsOptions { get; init; }

    public string Propagation { get; init; } = "";
    public bool NonRecursive { get; init; }
    public bool NoCopy { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string> DriverOptions { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public long TmpfsSize { get; init; }
    public uint TmpfsMode { get; init; }
    public IReadOnlyList<string> TmpfsExtra { get; init; } = [];
}
