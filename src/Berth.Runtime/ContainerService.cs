using System.Collections.Concurrent;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Networks;
using Berth.Core.Volumes;
using Berth.Core.Snapshots;
using Berth.Linux;
using Berth.Linux.Cgroups;
using Berth.Runtime.Conmon;
using Berth.Runtime.State;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

/// <summary>
/// The container engine: one conmon per running container (it runs runc, holds stdio, writes the
/// log and the exit file), state in containers/&lt;id&gt;/config.v2.json, exit files watched in
/// &lt;ExecRoot&gt;/exits. Disposing the service leaves containers running; a new instance on the same
/// roots re-adopts them in <see cref="InitializeAsync"/>.
/// </summary>
public sealed partial class ContainerService : IContainerService, IImageUsage, IVolumeUsage, IAsyncDisposable
{
    private readonly ContainerRuntimeOptions _options;
    private readonly IImageService _images;
    private readonly ISnapshotter _snapshotter;
    private readonly IEventSink _events;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ContainerStore _store;
    private readonly RuncCli _runc;
    private readonly ConmonLauncher _conmon;
    private readonly CgroupFs _cgroups = new();
    private readonly CgroupAttachWarmer _attachWarmer;
    private readonly INetworkService? _networks;
    private readonly IMountPlanner? _planner;
    private readonly IVolumeService? _volumes;
    private readonly ConcurrentDictionary<string, ContainerEntry> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecEntry> _execs = new(StringComparer.Ordinal);
    private readonly Lock _names = new();
    private readonly CancellationTokenSource _shutdown = new();
    private FileSystemWatcher? _watcher;
    private Task? _poller;

    /// <param name="networks">Bridge networking; null = every container but host mode gets an empty network namespace.</param>
    /// <param name="mounts">Plans and prepares -v/--mount/--tmpfs/image volumes; null = those are ignored.</param>
    /// <param name="volumes">Re-mounts volumes of re-adopted containers and removes anonymous ones on `rm -v`.</param>
    public ContainerService(ContainerRuntimeOptions options, IImageService images, ISnapshotter snapshotter, IEventSink events, ILogger<ContainerService> logger, TimeProvider time,
        INetworkService? networks = null, IMountPlanner? mounts = null, IVolumeService? volumes = null)
    {
        _networks = networks;
        _planner = mounts;
        _volumes = volumes;
        _options = options;
        _images = images;
        _snapshotter = snapshotter;
        _events = events;
        _logger = logger;
        _time = time;
        _store = new ContainerStore(Path.Combine(options.DataRoot, "containers"));
        _runc = new RuncCli(options.RuntimePath, Path.Combine(options.ExecRoot, "runc"));
        _conmon = new ConmonLauncher(options.ConmonPath, _runc, Path.Combine(options.ExecRoot, "exits"));
        _attachWarmer = new CgroupAttachWarmer(_cgroups);
    }

    private string ExitDir => _conmon.ExitDir;

    private string CgroupPath(string id) => "/" + _options.CgroupParent.Trim('/') + "/" + id;

    private string BundleDir(string id) => _store.DirectoryOf(id);

    private static string RootfsDir(string bundle) => Path.Combine(bundle, "rootfs");

    public IReadOnlyList<string> ContainersUsing(string imageId) =>
        _containers.Values.Where(e => e.Record.ImageId == imageId).Select(e => e.Record.Id).ToList();

    /// <summary>Containers of the image that rmi can never be forced past: running, paused or
    /// restarting (Docker's State.Running), not created, exited or dead ones.</summary>
    public IReadOnlyList<string> RunningContainersUsing(string imageId) =>
        _containers.Values.Where(e => e.Record.ImageId == imageId && e.Record.State.Running).Select(e => e.Record.Id).ToList();

    /// <summary>Finds a container by full ID, name ("/x" or "x") or unique ID prefix, as Docker's GetContainer.</summary>
    private ContainerEntry Find(string nameOrId)
    {
        if (string.IsNullOrEmpty(nameOrId))
        {
            throw EngineException.NotFound("No such container: " + nameOrId);
        }
        if (_containers.TryGetValue(nameOrId, out ContainerEntry? byId))
        {
            return byId;
        }
        string name = nameOrId.StartsWith('/') ? nameOrId : "/" + nameOrId;
        ContainerEntry? byName = _containers.Values.FirstOrDefault(e => e.Record.Name == name);
        if (byName is not null)
        {
            return byName;
        }
        var matches = _containers.Values.Where(e => e.Record.Id.StartsWith(nameOrId, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw EngineException.NotFound("No such container: " + nameOrId),
            _ => throw EngineException.InvalidArgument("Multiple IDs found with provided prefix: " + nameOrId),
        };
    }

    private void Save(ContainerEntry entry)
    {
        lock (entry.Sync)
        {
            _store.Save(entry.Record);
        }
    }

    private void Publish(ContainerEntry entry, string action, IReadOnlyDictionary<string, string>? extra = null)
    {
        ContainerRecord r = entry.Record;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in r.Config.Labels)
        {
            attributes[k] = v;
        }
        attributes["image"] = r.ImageName;
        attributes["name"] = r.Name.TrimStart('/');
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                attributes[k] = v;
            }
        }
        _events.Publish(new EngineEvent("container", action, r.Id, attributes, _time.GetUtcNow()));
    }

    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        _watcher?.Dispose();
        _attachWarmer.Dispose();
        if (_poller is not null)
        {
            try
            {
                await _poller.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        foreach (ContainerEntry e in _containers.Values)
        {
            e.RestartDelay?.Cancel();
        }
        _shutdown.Dispose();
    }

    private static int ParseSignal(string? signal, int fallback)
    {
        if (string.IsNullOrEmpty(signal))
        {
            return fallback;
        }
        return ProcessSignals.TryParse(signal, out int n) ? n : throw EngineException.InvalidArgument($"Invalid signal: {signal}");
    }
}
