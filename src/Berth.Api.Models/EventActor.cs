namespace Berth.Api.Models;

public sealed class EventActor
{
    public string ID { get; init; } = "";
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
