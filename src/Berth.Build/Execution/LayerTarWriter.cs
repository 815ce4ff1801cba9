using System.Formats.Tar;

namespace Berth.Build.Execution;

/// <summary>
/// Writes the tar a COPY/ADD/WORKDIR step puts into the image (paths relative to "/", PAX headers so
/// long names and large ids survive). With <see cref="CreateParents"/> missing parent directories are
/// added (FROM scratch has none); otherwise the extractor creates them.
/// </summary>
internal sealed class LayerTarWriter : IAsyncDisposable
{
    private readonly TarWriter _writer;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    public LayerTarWriter(Stream output) => _writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);

    public bool CreateParents { get; init; }

    public int Count { get; private set; }

    public async Task DirectoryAsync(string path, int mode, int uid, int gid, DateTimeOffset mtime, CancellationToken cancellationToken)
    {
        var name = Name(path);
        if (name.Length == 0 || !_directories.Add(name))
        {
            return;
        }

        await ParentsAsync(name, uid, gid, cancellationToken).ConfigureAwait(false);
        await WriteAsync(new PaxTarEntry(TarEntryType.Directory, name + "/"), mode, uid, gid, mtime, cancellationToken).ConfigureAwait(false);
    }

    public async Task FileAsync(string path, int mode, int uid, int gid, DateTimeOffset mtime, Stream data, CancellationToken cancellationToken)
    {
        var name = Name(path);
        await ParentsAsync(name, uid, gid, cancellationToken).ConfigureAwait(false);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data };
        await WriteAsync(entry, mode, uid, gid, mtime, cancellationToken).ConfigureAwait(false);
    }

    public async Task SymlinkAsync(string path, string target, int uid, int gid, DateTimeOffset mtime, CancellationToken cancellationToken)
    {
        var name = Name(path);
        await ParentsAsync(name, uid, gid, cancellationToken).ConfigureAwait(false);
        var entry = new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target };
        await WriteAsync(entry, 0x1FF, uid, gid, mtime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A hard link to <paramref name="target"/>, an earlier entry of the same tar (absolute path).</summary>
    public async Task HardLinkAsync(string path, string target, int uid, int gid, DateTimeOffset mtime, CancellationToken cancellationToken)
    {
        var name = Name(path);
        await ParentsAsync(name, uid, gid, cancellationToken).ConfigureAwait(false);
        var entry = new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = Name(target) };
        await WriteAsync(entry, 0x1A4, uid, gid, mtime, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task ParentsAsync(string name, int uid, int gid, CancellationToken cancellationToken)
    {
        if (!CreateParents)
        {
            return;
        }

        var slash = name.LastIndexOf('/');
        if (slash > 0)
        {
            await DirectoryAsync(name[..slash], 0x1ED, uid, gid, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(PaxTarEntry entry, int mode, int uid, int gid, DateTimeOffset mtime, CancellationToken cancellationToken)
    {
        entry.Mode = (UnixFileMode)(mode & 0xFFF);
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = mtime < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : mtime;
        await _writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        Count++;
    }

    private static string Name(string path) => Context.PathClean.Clean("/" + path).TrimStart('/');
}
