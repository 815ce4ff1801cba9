namespace Berth.Core.Images;

/// <summary>
/// The image engine behind `images`, `inspect`, `history`, `tag`, `rmi`, `prune`, `import`, `load`
/// and `save`. Names are anything Docker accepts: full or short ID (with or without "sha256:"),
/// "name", "name:tag", "name@digest". Failures are <see cref="Errors.EngineException"/> with
/// Docker's messages ("No such image: x", "conflict: unable to delete ... (must be forced) - ...").
/// </summary>
public interface IImageService
{
    /// <summary>Filters as the API sends them: dangling=true|false, reference=glob, label=key[=value],
    /// before/since=image. Unknown keys: InvalidArgument "invalid filter 'x'".</summary>
    Task<IReadOnlyList<ImageDetails>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken);

    Task<ImageDetails> GetAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken cancellationToken);

    /// <summary>Tags <paramref name="source"/> as repo[:tag] (tag defaults to "latest"); invalid names: InvalidArgument.</summary>
    Task TagAsync(string source, string repository, string? tag, CancellationToken cancellationToken);

    /// <summary>Docker's `DELETE /images/{name}` semantics: untag, then delete when no reference is left;
    /// refuses (Conflict) when the image has several repos and force is false, or a container uses it.</summary>
    Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string name, bool force, bool noPrune, CancellationToken cancellationToken);

    /// <summary>Deletes dangling images (or all unused with dangling=false); filters until=, label=.</summary>
    Task<ImagePruneResult> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken);

    /// <summary>Creates a one-layer image from a rootfs tar (plain, gzip, bzip2?, xz? - at least plain and gzip).</summary>
    Task<ImageDetails> ImportAsync(Stream rootfsTar, ImportOptions options, CancellationToken cancellationToken);

    /// <summary>Loads a docker-save or OCI image-layout archive (plain or gzip). Reports progress lines
    /// such as "Loaded image: busybox:latest" / "Loaded image ID: sha256:..." through <paramref name="progress"/>.
    /// All-or-nothing per image: a failure leaves no half image and no tag.</summary>
    Task<IReadOnlyList<ImageDetails>> LoadAsync(Stream archive, Action<string> progress, CancellationToken cancellationToken);

    /// <summary>Writes one archive with the named images that both Docker (docker-save format:
    /// manifest.json, repositories, per-layer tars) and OCI tools (index.json, oci-layout, blobs/) read.</summary>
    Task SaveAsync(IReadOnlyList<string> names, Stream output, CancellationToken cancellationToken);

    /// <summary>Resolves an image for running a container: its details plus the chain IDs of its
    /// unpacked layers, bottom first (each layer is unpacked if not yet).</summary>
    Task<ImageRootfs> ResolveRootfsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates an image from a base image plus one new layer (commit, build). The layer is an
    /// uncompressed tar stream in Docker whiteout form; null adds no layer (metadata-only change).</summary>
    Task<ImageDetails> CommitAsync(CommitRequest request, CancellationToken cancellationToken);
}

/// <summary>Which images containers use; the container engine provides it so rmi can refuse.</summary>
public interface IImageUsage
{
    /// <summary>IDs of containers using the image (any state), empty when none.</summary>
    IReadOnlyList<string> ContainersUsing(string imageId);

    /// <summary>The subset of <see cref="ContainersUsing"/> that is running. rmi can never be forced past a
    /// running container ("cannot be forced") but can past a stopped one. The default treats every user
    /// as running, the safe side, until the container engine knows better.</summary>
    IReadOnlyList<string> RunningContainersUsing(string imageId) => ContainersUsing(imageId);
}

/// <summary>One image as `images` and `image inspect` show it. <see cref="ConfigJson"/> is the raw
/// OCI/Docker image config; the API layer projects Config, ContainerConfig, RootFS etc. out of it.</summary>
public sealed record ImageDetails(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    string Parent,
    DateTimeOffset Created,
    long Size,
    IReadOnlyList<string> DiffIds,
    IReadOnlyDictionary<string, string> Labels,
    ReadOnlyMemory<byte> ConfigJson,
    int Containers);

public sealed record ImageHistoryEntry(string Id, DateTimeOffset Created, string CreatedBy, IReadOnlyList<string> Tags, long Size, string Comment);

/// <summary>Exactly one of Untagged / Deleted is set, as in Docker's ImageDeleteResponseItem.</summary>
public sealed record ImageDeleteItem(string? Untagged, string? Deleted);

public sealed record ImagePruneResult(IReadOnlyList<ImageDeleteItem> ImagesDeleted, long SpaceReclaimed);

/// <summary>`import` options: target reference, Dockerfile-like changes ("CMD [\"sh\"]", "ENV A=b",
/// "WORKDIR /x", "ENTRYPOINT ...", "EXPOSE", "USER", "LABEL", "VOLUME", "STOPSIGNAL"), commit message, platform.</summary>
public sealed record ImportOptions(string? Repository, string? Tag, IReadOnlyList<string> Changes, string? Message, string? Platform);

public sealed record ImageRootfs(ImageDetails Image, IReadOnlyList<string> ChainIdsBottomFirst);

/// <summary>
/// Commit: <see cref="BaseImage"/> may be null (FROM scratch). <see cref="ConfigOverrides"/> is a
/// Docker "Config" JSON object (Cmd, Entrypoint, Env, ...) that replaces the base config's fields it names.
/// </summary>
public sealed record CommitRequest(
    string? BaseImage,
    Stream? LayerTar,
    ReadOnlyMemory<byte> ConfigOverrides,
    IReadOnlyList<string> Changes,
    string? Repository,
    string? Tag,
    string? Comment,
    string? Author,
    string CreatedBy,
    bool EmptyLayer);
