using System.Formats.Tar;
using Berth.Core.Content;
using Berth.Core.Errors;
using Berth.Images.IO;

namespace Berth.Images.Archive;

/// <summary>
/// Reads an image archive once, front to back, so a non-seekable upload works: small files (JSON
/// documents) are kept in memory, large ones stream into the content store as they arrive. Links
/// inside the archive (old docker save shares layer.tar by symlink) are resolved within its root.
/// Blobs written here are listed in <see cref="WrittenBlobs"/> for clean-up.
/// </summary>
internal sealed class ArchiveSpool
{
    private const long InMemoryFileLimit = 1 << 20;
    private const long InMemoryTotalLimit = 64 << 20;
    private const int MaxLinkHops = 16;

    private readonly IContentStore _content;
    private readonly Dictionary<string, SpooledFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    private ArchiveSpool(IContentStore content) => _content = content;

    public List<string> WrittenBlobs { get; } = [];

    public static async Task<ArchiveSpool> ReadAsync(Stream archive, IContentStore content, CancellationToken cancellationToken)
    {
        var spool = new ArchiveSpool(content);
        long inMemory = 0;
        try
        {
            await using var reader = new TarReader(archive, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var path = ArchivePath.Normalize(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        spool._links.Remove(path);
                        if (entry.Length <= InMemoryFileLimit && inMemory + entry.Length <= InMemoryTotalLimit)
                        {
                            var data = new byte[entry.Length];
                            if (entry.DataStream is not null)
                            {
                                await entry.DataStream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
                            }

                            inMemory += data.Length;
                            spool._files[path] = new SpooledFile(path, data.Length, data, null);
                        }
                        else
                        {
                            var info = await content.WriteAsync(entry.DataStream ?? Stream.Null, null, cancellationToken).ConfigureAwait(false);
                            spool.WrittenBlobs.Add(info.Digest);
                            spool._files[path] = new SpooledFile(path, info.Size, null, info.Digest);
                        }

                        break;
                    case TarEntryType.SymbolicLink:
                        spool._links[path] = ArchivePath.ResolveLink(path, entry.LinkName);
                        break;
                    case TarEntryType.HardLink:
                        spool._links[path] = ArchivePath.ResolveLink(string.Empty, "/" + entry.LinkName);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw EngineException.InvalidArgument($"invalid archive: {ex.Message}");
        }

        return spool;
    }

    public bool Contains(string path) => Find(path) is not null;

    public SpooledFile? Find(string path)
    {
        path = ArchivePath.Normalize(path);
        for (var hop = 0; hop < MaxLinkHops; hop++)
        {
            if (_files.TryGetValue(path, out var file))
            {
                return file;
            }

            if (!_links.TryGetValue(path, out var target))
            {
                return null;
            }

            path = target;
        }

        return null;
    }

    public SpooledFile Get(string path) =>
        Find(path) ?? throw EngineException.InvalidArgument($"invalid archive: {path} not found");

    public async Task<byte[]> ReadAllAsync(SpooledFile file, CancellationToken cancellationToken)
    {
        if (file.Data is not null)
        {
            return file.Data;
        }

        await using var stream = _content.OpenRead(file.BlobDigest!);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Makes the file a content-store blob (if it is not yet) and returns its digest.</summary>
    public async Task<string> EnsureBlobAsync(SpooledFile file, CancellationToken cancellationToken)
    {
        if (file.BlobDigest is null)
        {
            var info = await _content.WriteAsync(file.Data, cancellationToken).ConfigureAwait(false);
            WrittenBlobs.Add(info.Digest);
            file.BlobDigest = info.Digest;
        }

        return file.BlobDigest;
    }

    public async Task<CompressionKind> DetectCompressionAsync(SpooledFile file, CancellationToken cancellationToken)
    {
        if (file.Data is not null)
        {
            return Compression.Detect(file.Data.AsSpan(0, Math.Min(6, file.Data.Length)));
        }

        var head = new byte[6];
        await using var stream = _content.OpenRead(file.BlobDigest!);
        var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Compression.Detect(head.AsSpan(0, n));
    }
}
