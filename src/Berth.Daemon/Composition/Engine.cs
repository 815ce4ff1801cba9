using Berth.Api.Events;
using Berth.Api.Services;
using Berth.Core.Content;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Berth.Images;
using Berth.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Daemon.Composition;

/// <summary>
/// The composition root: the one place that picks implementations and wires them together.
/// Open it once per daemon; each daemon owns its own data root, so two can run side by side.
/// </summary>
public sealed class Engine : IDisposable
{
    private Engine(StorageRoot storage, EventStream events, IImageService images)
    {
        Storage = storage;
        Events = events;
        Images = images;
    }

    public StorageRoot Storage { get; }

    public EventStream Events { get; }

    public IImageService Images { get; }

    public static Engine Open(string dataRoot, TimeProvider? timeProvider = null)
    {
        var storage = StorageRoot.Open(dataRoot);
        try
        {
            storage.Recover();
            var events = new EventStream(timeProvider: timeProvider);
            var images = new ImageService(storage.Content, storage.Snapshots, storage.Images, new NoImageUsage(), events, timeProvider);
            return new Engine(storage, events, images);
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
        services.AddSingleton<IContainerCounter, NoContainers>();
    }

    public void Dispose() => Storage.Dispose();
}
