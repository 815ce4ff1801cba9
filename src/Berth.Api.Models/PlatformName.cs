namespace Berth.Api.Models;

public sealed class PlatformName
{
    public string Name { get; init; } = "";
}
