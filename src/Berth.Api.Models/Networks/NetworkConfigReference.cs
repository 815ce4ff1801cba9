namespace Berth.Api.Models.Networks;

/// <summary>ConfigFrom: Berth has no config-only networks, so this is always {"Network": ""}.</summary>
public sealed class NetworkConfigReference
{
    public string Network { get; init; } = "";
}
