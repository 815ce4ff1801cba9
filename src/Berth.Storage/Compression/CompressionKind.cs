namespace Berth.Storage.Compression;

/// <summary>Compression of a layer (or archive) as recognised from its first bytes.</summary>
public enum CompressionKind
{
    None,
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}
