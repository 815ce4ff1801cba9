using Berth.Core.Events;

namespace Berth.Images;

/// <summary>Image events as Docker's LogImageEvent publishes them: actor = image ID, attribute "name" plus the image's labels.</summary>
internal sealed class ImageEvents(IEventSink sink, TimeProvider time)
{
    public void Publish(string action, string imageId, string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is not null)
        {
            foreach (var (key, value) in labels)
            {
                attributes[key] = value;
            }
        }

        attributes["name"] = name;
        sink.Publish(new EngineEvent("image", action, imageId, attributes, time.GetUtcNow()));
    }

    public void PublishPrune(long reclaimed) =>
        sink.Publish(new EngineEvent("image", "prune", string.Empty, new Dictionary<string, string> { ["reclaimed"] = reclaimed.ToString(System.Globalization.CultureInfo.InvariantCulture) }, time.GetUtcNow()));
}
