namespace Berth.Core.Volumes;

/// <summary>
/// Docker-compatible volumes with the "local" driver (moby volume/local, volume/service). Data lives
/// in &lt;data-root&gt;/volumes/&lt;name&gt;/_data, metadata in &lt;data-root&gt;/volumes/&lt;name&gt;/opts.json
/// (written atomically), so volumes survive a daemon restart.
/// <para>
/// Driver options (`docker volume create -o`): <c>type</c>, <c>device</c>, <c>o</c> (and <c>size</c>,
/// rejected as in Docker without quota support). A volume with options is mounted with mount(2)
/// (<c>mount -t type -o o device _data</c>, e.g. type=tmpfs device=tmpfs o=size=100m,uid=1000 or
/// type=none device=/path o=bind) on the first <see cref="MountAsync"/> and unmounted when the last
/// holder calls <see cref="UnmountAsync"/>. After a reboot nothing is mounted: the next MountAsync
/// mounts again. After a daemon restart a still-mounted _data is recognised as mounted (no holders
/// yet): the runtime calls MountAsync again for each re-adopted running container.
/// </para>
/// Errors are <see cref="Errors.EngineException"/> with Docker's wording:
/// <list type="bullet">
/// <item>NotFound "get x: no such volume"; unknown driver NotFound
/// "create x: error looking up volume plugin d: plugin \"d\" not found"</item>
/// <item>InvalidArgument "create x: \"x\" includes invalid characters for a local volume name, only
/// \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path";
/// "create x: invalid option: \"k\""; "create x: missing required option: \"device\""</item>
/// <item>Conflict "remove x: volume is in use - [id1, id2]"; "a prune operation is already running"</item>
/// <item>InvalidArgument "invalid filter 'k'" / "invalid filter 'dangling=x'"</item>
/// </list>
/// Filters are Docker's filter map: key → values (values of one key are OR-ed, keys AND-ed, except
/// label which needs every value).
/// </summary>
public interface IVolumeService
{
    /// <summary>
    /// `POST /volumes/create`. A null or empty name creates an anonymous volume: a 64-hex name and the
    /// label "com.docker.volume.anonymous"="" (what prune removes by default). Creating an existing
    /// name returns the existing volume unchanged (Docker's idempotent create; different options or
    /// labels are ignored, as Docker does). A null/empty driver means "local".
    /// </summary>
    Task<VolumeInfo> CreateAsync(string? name, string? driver, IReadOnlyDictionary<string, string> driverOpts, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    Task<VolumeInfo> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>`GET /volumes`: filters dangling (true|false|1|0), name (regular expression, as Docker), driver, label (key or key=value).</summary>
    Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken);

    /// <summary>`DELETE /volumes/{name}`. <paramref name="force"/> (as Docker) only makes a missing volume not an error;
    /// a volume in use is always a Conflict. A mounted driver-option volume is unmounted first; data is
    /// deleted without crossing into other file systems.</summary>
    Task RemoveAsync(string name, bool force, CancellationToken cancellationToken);

    /// <summary>`POST /volumes/prune`: unused local volumes without driver options; only anonymous ones unless
    /// <paramref name="all"/> or filter all=true. Filters: label, label!, all.</summary>
    Task<VolumePruneReport> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken);

    /// <summary>Takes a reference for <paramref name="holder"/> (a container ID; idempotent per holder) and returns the
    /// host path to bind-mount (the _data directory), mounting the device first when the volume has options.</summary>
    Task<string> MountAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>Drops the reference of <paramref name="holder"/>; the last one unmounts a driver-option volume. Unknown holder: no-op.</summary>
    Task UnmountAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>`system df -v`: every local volume without options with <see cref="VolumeInfo.UsageData"/> (size of the data, containers using it).</summary>
    Task<IReadOnlyList<VolumeInfo>> SizeAsync(CancellationToken cancellationToken);
}
