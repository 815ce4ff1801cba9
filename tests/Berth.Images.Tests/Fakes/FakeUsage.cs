using Berth.Core.Events;
using Berth.Core.Images;

namespace Berth.Images.Tests.Fakes;

internal sealed class FakeUsage : IImageUsage
{
    private readonly List<(string Container, string Image, bool Running)> _containers = [];

    public void Add(string containerId, string imageId, bool running) => _containers.Add((containerId, imageId, running));

    public IReadOnlyList<string> ContainersUsing(string imageId) => _containers.Where(c => c.Image == imageId).Select(c => c.Container).ToArray();

    public IReadOnlyList<string> RunningContainersUsing(string imageId) => _containers.Where(c => c.Image == imageId && c.Running).Select(c => c.Container).ToArray();
}

internal sealed class RecordingEventSink : IEventSink
{
    public List<EngineEvent> Events { get; } = [];

    public void Publish(EngineEvent engineEvent)
    {
        lock (Events)
        {
            Events.Add(engineEvent);
        }
    }
}
