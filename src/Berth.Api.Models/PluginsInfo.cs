namespace Berth.Api.Models;

public sealed class PluginsInfo
{
    public IReadOnlyList<string> Volume { get; init; } = [];
    public IReadOnlyList<string> Network { get; init; } = [];
    public IReadOnlyList<string>? Authorization { get; init; }
    public IReadOnlyList<string> Log { get; init; } = [];
}
