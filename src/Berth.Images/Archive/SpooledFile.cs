namespace Berth.Images.Archive;

/// <summary>One regular file of an image archive: small files stay in memory, large ones went straight into the content store.</summary>
internal sealed class SpooledFile(string path, long size, byte[]? data, string? blobDigest)
{
    public string Path { get; } = path;

    public long Size { get; } = size;

    /// <summary>The bytes, for files kept in memory.</summary>
    public byte[]? Data { get; } = data;

    /// <summary>The content-store digest once the file is a blob.</summary>
    public string? BlobDigest { get; set; } = blobDigest;
}
