namespace Berth.Api.Models.Networks;

/// <summary>POST /networks/{id}/connect body.</summary>
public sealed class NetworkConnectRequest
{
    public string? Container { get; init; }
    public NetworkEndpointSettings? EndpointConfig { get; init; }
}
