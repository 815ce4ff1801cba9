namespace Berth.Core.Events;

/// <summary>Docker's event model: Type (container|image|network|volume|daemon), Action, Actor.</summary>
public sealed record EngineEvent(string Type, string Action, string ActorId, IReadOnlyDictionary<string, string> Attributes, DateTimeOffset Time);

/// <summary>Where engine services publish events; the API's /events stream subscribes.</summary>
public interface IEventSink
{
    void Publish(EngineEvent engineEvent);
}

/// <summary>Events fan-out with a bounded history so /events?since= works.</summary>
public interface IEventStream : IEventSink
{
    /// <summary>Past events newer than <paramref name="since"/>, then live events until cancelled.</summary>
    IAsyncEnumerable<EngineEvent> SubscribeAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken);
}
