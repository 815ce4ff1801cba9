using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Core.Images;

namespace Berth.Core.Containers;

/// <summary>
/// A container's filesystem as `cp`, `diff`, `export` and `commit` see it (Docker's
/// daemon/archive*.go, changes.go, export.go, commit.go). Containers are named as in
/// <see cref="IContainerService"/>. Paths inside the container are absolute or taken as relative to
/// "/", and keep Docker's meaning of a trailing "/" (follow a symlinked directory) and "/." (the
/// directory's contents rather than the directory).
/// <para>
/// Security: every path is resolved with the container's rootfs as "/" (symlinks, "..", absolute
/// link targets all stay inside it), so a container that replaced /data with a symlink to /etc gets
/// its own /etc, never the host's. Archives written into a container cannot create, follow or link
/// anything outside its rootfs.
/// </para>
/// Errors: unknown container NotFound "No such container: x"; missing path NotFound
/// "Could not find the file &lt;path&gt; in container &lt;name&gt;"; PUT onto a non-directory
/// InvalidArgument "extraction point is not a directory"; read-only rootfs InvalidArgument
/// "container rootfs is marked read-only"; hostile archives InvalidArgument.
/// </summary>
public interface IContainerFilesystem
{
    /// <summary>`HEAD /containers/{id}/archive`: lstat of the path (a final symlink is not followed
    /// unless the path ends in "/" or "/."; <see cref="PathStat.LinkTarget"/> is then its in-container target).</summary>
    Task<PathStat> StatPathAsync(string container, string path, CancellationToken cancellationToken);

    /// <summary>
    /// `GET /containers/{id}/archive` in two steps so the API can send the stat header (and a 404)
    /// before the first byte: resolve and stat now, write the tar with <see cref="IContainerArchive.WriteToAsync"/>.
    /// A file gives one entry named by the path's base name; a directory gives the directory (named by
    /// its base name, "." for "dir/.") and everything below it. Dispose releases the rootfs.
    /// </summary>
    Task<IContainerArchive> OpenArchiveAsync(string container, string path, CancellationToken cancellationToken);

    /// <summary><see cref="OpenArchiveAsync"/> and write in one call; returns the stat.</summary>
    Task<PathStat> GetArchiveAsync(string container, string path, Stream output, CancellationToken cancellationToken);

    /// <summary>
    /// `PUT /containers/{id}/archive`: extracts an uncompressed tar into the directory
    /// <paramref name="path"/> (which must exist; a final symlink is followed). Existing entries are
    /// replaced (directories merged); with <paramref name="noOverwriteDirNonDir"/> replacing a directory
    /// by a non-directory or the reverse fails. <paramref name="copyUidGid"/> (docker cp -a) chowns
    /// every entry to the container's configured user; otherwise the archive's uid/gid are kept.
    /// </summary>
    Task PutArchiveAsync(string container, string path, Stream tar, bool noOverwriteDirNonDir, bool copyUidGid, CancellationToken cancellationToken);

    /// <summary>`GET /containers/{id}/changes`: changes of the writable layer against the image, in
    /// path walk order, parents of added/deleted entries reported as modified.</summary>
    Task<IReadOnlyList<FilesystemChange>> ChangesAsync(string container, CancellationToken cancellationToken);

    /// <summary>`GET /containers/{id}/export`: an uncompressed tar of the merged rootfs. Nothing is
    /// written before the container is resolved, so errors come before the first byte.</summary>
    Task ExportAsync(string container, Stream output, CancellationToken cancellationToken);

    /// <summary>The writable layer as a layer tar in Docker whiteout form (what commit stores).</summary>
    Task WriteLayerDiffAsync(string container, Stream output, CancellationToken cancellationToken);

    /// <summary>`POST /commit`: pauses a running container (unless <see cref="CommitOptions.Pause"/> is
    /// false), stores its writable layer as a new image on top of its image, tags it, unpauses.</summary>
    Task<ImageDetails> CommitAsync(string container, CommitOptions options, CancellationToken cancellationToken);
}

/// <summary>An archive of a container path whose stat is known and whose bytes are not written yet.</summary>
public interface IContainerArchive : IAsyncDisposable
{
    PathStat Stat { get; }

    /// <summary>Writes the tar; call at most once.</summary>
    Task WriteToAsync(Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// Docker's ContainerPathStat. <see cref="Mode"/> is a Go os.FileMode (permission bits plus
/// ModeDir=1&lt;&lt;31, ModeSymlink=1&lt;&lt;27, ModeDevice=1&lt;&lt;26, ModeNamedPipe=1&lt;&lt;25,
/// ModeSocket=1&lt;&lt;24, ModeSetuid=1&lt;&lt;23, ModeSetgid=1&lt;&lt;22, ModeCharDevice=1&lt;&lt;21,
/// ModeSticky=1&lt;&lt;20), as the docker CLI expects it.
/// </summary>
public sealed record PathStat(string Name, long Size, uint Mode, DateTimeOffset Mtime, string LinkTarget)
{
    public const uint ModeDir = 1u << 31;
    public const uint ModeSymlink = 1u << 27;

    public bool IsDirectory => (Mode & ModeDir) != 0;

    /// <summary>The X-Docker-Container-Path-Stat header value: base64 (standard, padded) of
    /// {"name","size","mode","mtime","linkTarget"} with mtime in RFC 3339 as Go writes it.</summary>
    public string ToHeaderValue()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", Name);
            json.WriteNumber("size", Size);
            json.WriteNumber("mode", Mode);
            json.WriteString("mtime", Mtime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            json.WriteString("linkTarget", LinkTarget);
            json.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Parses a header value (the client side of <see cref="ToHeaderValue"/>).</summary>
    public static PathStat FromHeaderValue(string value)
    {
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
        JsonElement root = doc.RootElement;
        return new PathStat(
            root.GetProperty("name").GetString() ?? "",
            root.GetProperty("size").GetInt64(),
            root.GetProperty("mode").GetUInt32(),
            DateTimeOffset.Parse(root.GetProperty("mtime").GetString() ?? "", CultureInfo.InvariantCulture),
            root.TryGetProperty("linkTarget", out JsonElement link) ? link.GetString() ?? "" : "");
    }
}

/// <summary>Docker's change kinds, with their wire numbers.</summary>
public enum FilesystemChangeKind
{
    Modified = 0,
    Added = 1,
    Deleted = 2,
}

/// <summary>One line of `docker diff`: an absolute in-container path and what happened to it.</summary>
public sealed record FilesystemChange(string Path, FilesystemChangeKind Kind);

/// <summary>
/// `POST /commit` parameters. <see cref="ConfigOverrides"/> is the request body (a Docker "Config"
/// JSON object, may be empty): its non-empty fields win over the container's configuration, as in
/// Docker's merge; <see cref="Changes"/> are Dockerfile instructions applied on top.
/// </summary>
public sealed record CommitOptions
{
    public string? Repository { get; init; }
    public string? Tag { get; init; }
    public string? Comment { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Changes { get; init; } = [];
    public ReadOnlyMemory<byte> ConfigOverrides { get; init; }
    public bool Pause { get; init; } = true;
}
