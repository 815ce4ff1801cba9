namespace Berth.Api.Models.Networks;

/// <summary>The parts of EndpointSettings a connect request can ask for.</summary>
public sealed class NetworkEndpointSettings
{
    public NetworkEndpointIpamConfig? IPAMConfig { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public string? MacAddress { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
}
