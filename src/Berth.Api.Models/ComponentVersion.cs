namespace Berth.Api.Models;

/// <summary>One entry of SystemVersion.Components (Engine, runc, ...).</summary>
public sealed class ComponentVersion
{
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
