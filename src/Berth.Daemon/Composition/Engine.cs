using Berth.Api.Events;
using Berth.Api.Containers;
using Berth.Api.Services;
using Berth.Core.Containers;
using Berth.Core.Content;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Core.Volumes;
using Berth.Images;
using Berth.Runtime;
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

    /// <summary>Containers still running from a previous daemon are re-adopted before this returns.</summary>
    public static async Task<Engine> OpenAsync(string dataRoot, string execRoot, ILoggerFactory? loggers = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var storage = StorageRoot.Open(dataRoot);
        try
        {
            storage.Recover();
            var events = new EventStream(timeProvider: timeProvider);
            var usage = new DeferredImageUsage();
            var images = new ImageService(storage.Content, storage.Snapshots, storage.Images, usage, events, timeProvider);
            var runtime = new ContainerRuntimeOptions { DataRoot = dataRoot, ExecRoot = execRoot };
            var containers = new ContainerService(runtime, images, storage.Snapshots, events,
                (loggers ?? NullLoggerFactory.Instance).CreateLogger<ContainerService>(), timeProvider ?? TimeProvider.System);
            usage.Target = containers;
            await containers.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var volumes = new VolumeService(dataRoot, new NoVolumeUsage(), timeProvider);
            return new Engine(storage, events, images, containers) { Volumes = volumes };
        }
        catch
        {
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
        services.AddSingleton(Volumes);
        services.AddSingleton<IContainerCounter>(new ContainerCounter(Containers));
    }

    public async ValueTask DisposeAsync()
    {
        // Containers keep running under conmon; the next daemon re-adopts them.
        await Containers.DisposeAsync().ConfigureAwait(false);
        Storage.Dispose();
    }
}
