using Berth.Api.Events;
using Berth.Api.Containers;
using Berth.Api.Services;
using Berth.Build.Execution;
using Berth.Core.Build;
using Berth.Core.Containers;
using Berth.Core.Content;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Networks;
using Berth.Core.Snapshots;
using Berth.Core.Volumes;
using Berth.Images;
using Berth.Networking;
using Berth.Runtime;
using Berth.Runtime.Filesystem;
using Berth.Storage;
using Berth.Volumes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Daemon.Composition;

/// <summary>
/// The composition root: the one place that picks implementations and wires them together.
/// Open it once per daemon; each daemon owns its own data root, so two can run side by side.
/// </summary>
public sealed class Engine : IAsyncDisposable
{
    private Engine(StorageRoot storage, EventStream events, IImageService images, ContainerService containers)
    {
        Storage = storage;
        Events = events;
        Images = images;
        Containers = containers;
    }

    public StorageRoot Storage { get; }

    public EventStream Events { get; }

    public IImageService Images { get; }

    public ContainerService Containers { get; }

    public required IVolumeService Volumes { get; init; }

    public required IContainerFilesystem Filesystem { get; init; }

    public required IImageBuilder Builder { get; init; }

    public required NetworkService Networks { get; init; }

    private string ExecRoot { get; init; } = NetworkDefaults.SystemExecRoot;

    /// <summary>Containers still running from a previous daemon are re-adopted before this returns.</summary>
    public static async Task<Engine> OpenAsync(string dataRoot, string execRoot, ILoggerFactory? loggers = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var storage = StorageRoot.Open(dataRoot);
        NetworkService? networks = null;
        try
        {
            storage.Recover();
            networks = new NetworkService(storage.Database, NetworkDefaults.For(execRoot), loggers?.CreateLogger<NetworkService>());
            await networks.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var events = new EventStream(timeProvider: timeProvider);
            var usage = new DeferredImageUsage();
            var images = new ImageService(storage.Content, storage.Snapshots, storage.Images, usage, events, timeProvider);
            var runtime = new ContainerRuntimeOptions { DataRoot = dataRoot, ExecRoot = execRoot };
            var volumeUsage = new DeferredVolumeUsage();
            var volumes = new VolumeService(dataRoot, volumeUsage, timeProvider);
            var containers = new ContainerService(runtime, images, storage.Snapshots, events,
                (loggers ?? NullLoggerFactory.Instance).CreateLogger<ContainerService>(), timeProvider ?? TimeProvider.System,
                networks, new MountPlanner(volumes), volumes);
            usage.Target = containers;
            volumeUsage.Target = containers;
            await containers.InitializeAsync(cancellationToken).ConfigureAwait(false);
            RootfsLeases.RemoveLeftovers(execRoot);
            var filesystem = new ContainerFilesystem(
                new OverlayRootfsSource(containers, images, storage.Snapshots, runtime), containers, images, storage.Snapshots, events, timeProvider);
            var builder = new ImageBuilder(images, containers, filesystem, new Berth.Storage.Metadata.BuildCacheStore(storage.Database),
                new BuilderOptions { WorkRoot = Path.Combine(dataRoot, "builder"), Snapshots = storage.Snapshots }, timeProvider);
            return new Engine(storage, events, images, containers) { Volumes = volumes, Filesystem = filesystem, Builder = builder, Networks = networks, ExecRoot = execRoot };
        }
        catch
        {
            if (networks is not null)
            {
                await networks.DisposeAsync().ConfigureAwait(false);
            }

            storage.Dispose();
            throw;
        }
    }

    /// <summary>Registers the engine's services for the API.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IEventStream>(Events);
        services.AddSingleton<IEventSink>(Events);
        services.AddSingleton(Images);
        services.AddSingleton<IContentStore>(Storage.Content);
        services.AddSingleton<ISnapshotter>(Storage.Snapshots);
        services.AddSingleton<IContainerService>(Containers);
        services.AddSingleton(Filesystem);
        services.AddSingleton(Builder);
        services.AddSingleton(Volumes);
        services.AddSingleton<INetworkService>(Networks);
        services.AddSingleton<IContainerCounter>(new ContainerCounter(Containers));
    }

    public async ValueTask DisposeAsync()
    {
        // Containers keep running under conmon; the next daemon re-adopts them.
        await Containers.DisposeAsync().ConfigureAwait(false);
        // The system daemon's bridges and rules stay, as its containers' network namespaces do; a
        // private daemon (tests) removes its own when no container uses them.
        if (!NetworkDefaults.IsSystem(ExecRoot))
        {
            await Networks.RemoveKernelStateIfIdleAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await Networks.DisposeAsync().ConfigureAwait(false);
        Storage.Dispose();
    }
}
