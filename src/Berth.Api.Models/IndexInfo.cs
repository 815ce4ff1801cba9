namespace Berth.Api.Models;

public sealed class IndexInfo
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Mirrors { get; init; } = [];
    public bool Secure { get; init; }
    public bool Official { get; init; }
}
