using System.Globalization;
using Berth.Core.Events;

namespace Berth.Api.Volumes;

/// <summary>dockerd's volume events: create and destroy (actor = volume name, driver attribute) and prune.</summary>
internal static class VolumeEvents
{
    public static void Publish(IEventSink? sink, string action, string name, string driver = "local") =>
        sink?.Publish(new EngineEvent("volume", action, name,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["driver"] = driver }, DateTimeOffset.UtcNow));

    public static void PublishPrune(IEventSink? sink, long reclaimed) =>
        sink?.Publish(new EngineEvent("volume", "prune", "",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["reclaimed"] = reclaimed.ToString(CultureInfo.InvariantCulture) },
            DateTimeOffset.UtcNow));
}
