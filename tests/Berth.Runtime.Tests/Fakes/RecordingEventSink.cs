using System.Collections.Concurrent;
using Berth.Core.Events;

namespace Berth.Runtime.Tests.Fakes;

internal sealed class RecordingEventSink : IEventSink
{
    public ConcurrentQueue<EngineEvent> Events { get; } = new();

    public void Publish(EngineEvent engineEvent) => Events.Enqueue(engineEvent);

    public int Count(string id, string action) => Events.Count(e => e.ActorId == id && e.Action == action);
}
