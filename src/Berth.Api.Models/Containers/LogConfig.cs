namespace Berth.Api.Models.Containers;

public sealed class LogConfig
{
    public string Type { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Config { get; init; }
}
