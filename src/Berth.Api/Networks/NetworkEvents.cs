using Berth.Core.Events;
using Berth.Core.Networks;

namespace Berth.Api.Networks;

/// <summary>dockerd's network events (create, destroy, connect, disconnect): actor = network ID.</summary>
internal static class NetworkEvents
{
    public static void Publish(IEventSink? sink, string action, NetworkInfo network, string? containerId = null)
    {
        if (sink is null)
        {
            return;
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = network.Name,
            ["type"] = network.Driver,
        };
        if (containerId is not null)
        {
            attributes["container"] = containerId;
        }

        sink.Publish(new EngineEvent("network", action, network.Id, attributes, DateTimeOffset.UtcNow));
    }
}
